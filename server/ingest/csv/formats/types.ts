import type { FieldSpec } from "../fields";
import type { MapperContext, RowMapper } from "../rows";

export const IMPORT_KINDS = ["customers", "orders", "events"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** How the rows of one kind of file become events: the generic kinds, and presets for known exports. */
export interface FormatSpec {
  id: string;
  kind: ImportKind;
  label: string;
  /** One paragraph for the admin: what becomes what, and every decision a preset takes. */
  description: string;
  fields: readonly FieldSpec[];
  /** Groups of fields of which at least one must be mapped (an event needs a customer or an anonymous id). */
  requiredAnyOf?: readonly (readonly string[])[];
  /** Where the other columns the admin keeps go; null: this format keeps none. */
  extraTarget: "traits" | "properties" | null;
  /** A fixed zone for times without an offset (a dataset's convention); unset: the organisation's zone. */
  timeZone?: string;
  /** A preset for a known export: its columns are named by the exporting system. */
  preset: boolean;
  createMapper(ctx: MapperContext): RowMapper;
}
