import { inferValue, parseBoolean, parseDecimal, parseJson, RowProblem } from "./cells";
import { parseTimestamp, type TimestampOptions } from "./timestamps";

/** An event as an import hands it to ingestEvents (the wire shape of events.md). */
export interface CsvEvent {
  id: string;
  type: string;
  customerId?: string;
  anonymousId?: string;
  sessionId?: string;
  timestamp?: string;
  properties: Record<string, unknown>;
}

export type MapperOutput = { line: number; event: CsvEvent } | { line: number; problem: { code: string; message: string } };

/** Turns the file's records into events. Stateful: a format may group lines (Shopify) or remember earlier rows. */
export interface RowMapper {
  push(cells: readonly string[], line: number): MapperOutput[];
  /** Whatever is still held back once the file has ended. */
  end(): MapperOutput[];
}

export interface ResolvedColumn {
  header: string;
  index: number;
}

export interface MapperContext {
  /** Mapped fields and where they are in each record. */
  columns: Readonly<Record<string, ResolvedColumn>>;
  /** Other columns the admin chose to keep, with the key they are stored under. */
  extra: readonly (ResolvedColumn & { key: string })[];
  timestamps: TimestampOptions;
  /** Stamped on rows without a time of their own (customers): the import's start. */
  now: Date;
}

/** One record seen through the mapping: cells by field, empty cells as absent. */
export class Row {
  constructor(
    readonly cells: readonly string[],
    private readonly ctx: MapperContext,
  ) {}

  has(field: string): boolean {
    return this.text(field) !== undefined;
  }

  header(field: string): string {
    return this.ctx.columns[field]?.header ?? field;
  }

  text(field: string): string | undefined {
    const column = this.ctx.columns[field];
    if (!column) return undefined;
    const value = this.cells[column.index]?.trim();
    return value ? value : undefined;
  }

  required(field: string): string {
    const value = this.text(field);
    if (value === undefined) throw new RowProblem("missing_value", `column ${JSON.stringify(this.header(field))} is empty`);
    return value;
  }

  decimal(field: string): number | undefined {
    const value = this.text(field);
    return value === undefined ? undefined : parseDecimal(value, this.header(field));
  }

  requiredDecimal(field: string): number {
    return this.decimal(field) ?? parseDecimal(this.required(field), this.header(field));
  }

  requiredTimestamp(field: string): string {
    return this.timestamp(field) ?? parseTimestamp(this.required(field), this.header(field), this.ctx.timestamps);
  }

  boolean(field: string): boolean | undefined {
    const value = this.text(field);
    return value === undefined ? undefined : parseBoolean(value, this.header(field));
  }

  timestamp(field: string): string | undefined {
    const value = this.text(field);
    return value === undefined ? undefined : parseTimestamp(value, this.header(field), this.ctx.timestamps);
  }

  json(field: string): unknown {
    const value = this.text(field);
    return value === undefined ? undefined : parseJson(value, this.header(field));
  }

  /** The kept extra columns as key -> value, empty cells left out (they must not erase anything). */
  extras(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const column of this.ctx.extra) {
      const cell = this.cells[column.index];
      if (cell !== undefined && cell.trim() !== "") out[column.key] = inferValue(cell);
    }
    return out;
  }
}

/** Drops undefined values, so that an absent cell is an absent property rather than a null. */
export function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** An event without its absent envelope fields (no `"anonymousId": undefined` on the wire). */
export function csvEvent(event: CsvEvent): CsvEvent {
  return compact(event as unknown as Record<string, unknown>) as unknown as CsvEvent;
}

/** A mapper for formats where every record stands alone: a RowProblem rejects that record only. */
export function eachRow(ctx: MapperContext, map: (row: Row) => CsvEvent[]): RowMapper {
  return {
    push(cells, line) {
      try {
        return map(new Row(cells, ctx)).map((event) => ({ line, event }));
      } catch (error) {
        if (error instanceof RowProblem) return [{ line, problem: { code: error.code, message: error.message } }];
        throw error;
      }
    },
    end: () => [],
  };
}
