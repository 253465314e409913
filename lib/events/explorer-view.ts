import { TYPE_PATTERN } from "./taxonomy";
import { TIME_PRESET_KEYS, type TimePreset } from "../validation/events";

/**
 * The event explorer's filters, kept in the URL so that a view is a link one can share:
 * `?type=order.placed&type=order.refunded&custom=1&customer=c_1042&range=7d&q=evt_`.
 * A custom range carries `from` and `to` as ISO instants (`to` exclusive).
 */
/** Events per page; the server page's prefetch and the client must ask for the same. */
export const EXPLORER_PAGE_SIZE = 50;

export type RangeChoice = TimePreset | "all" | "custom";

export interface ExplorerView {
  types: string[];
  custom: boolean;
  /** A customer id or an anonymous id; "" for everyone. */
  actor: string;
  range: RangeChoice;
  from: Date | null;
  to: Date | null;
  /** Part of a message id; "". */
  messageId: string;
}

export const EMPTY_VIEW: ExplorerView = { types: [], custom: false, actor: "", range: "all", from: null, to: null, messageId: "" };

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

function all(params: SearchParamsLike, key: string): string[] {
  if (params instanceof URLSearchParams) return params.getAll(key);
  const value = params[key];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

const first = (params: SearchParamsLike, key: string) => all(params, key)[0]?.trim().slice(0, 128) ?? "";

function instant(value: string): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Reads a view from search params; anything malformed is ignored rather than failing the page. */
export function readExplorerView(params: SearchParamsLike): ExplorerView {
  const types = [...new Set(all(params, "type").filter((t) => t.length <= 128 && TYPE_PATTERN.test(t)))].slice(0, 100);
  const rangeParam = first(params, "range");
  let range: RangeChoice = (TIME_PRESET_KEYS as string[]).includes(rangeParam) || rangeParam === "custom" ? (rangeParam as RangeChoice) : "all";
  let from = range === "custom" ? instant(first(params, "from")) : null;
  let to = range === "custom" ? instant(first(params, "to")) : null;
  if (from && to && from >= to) to = null;
  if (range === "custom" && !from && !to) range = "all";
  if (range !== "custom") from = to = null;
  return { types, custom: first(params, "custom") === "1", actor: first(params, "customer"), range, from, to, messageId: first(params, "q") };
}

/** The query string of a view ("" for the default view, else starting with "?"). */
export function explorerQueryString(view: ExplorerView): string {
  const q = new URLSearchParams();
  for (const type of view.types) q.append("type", type);
  if (view.custom) q.set("custom", "1");
  if (view.actor) q.set("customer", view.actor);
  if (view.range !== "all") q.set("range", view.range);
  if (view.range === "custom") {
    if (view.from) q.set("from", view.from.toISOString());
    if (view.to) q.set("to", view.to.toISOString());
  }
  if (view.messageId) q.set("q", view.messageId);
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** The filter fields of event.list and event.tail for a view. */
export function explorerFilter(view: ExplorerView) {
  return {
    ...(view.types.length ? { types: view.types } : {}),
    ...(view.custom ? { custom: true } : {}),
    ...(view.actor ? { actor: view.actor } : {}),
    ...(view.range !== "all" && view.range !== "custom" ? { last: view.range } : {}),
    ...(view.range === "custom" && view.from ? { from: view.from } : {}),
    ...(view.range === "custom" && view.to ? { to: view.to } : {}),
    ...(view.messageId ? { messageId: view.messageId } : {}),
  };
}

/** True when the view can show events arriving now (a custom range that has ended cannot). */
export function viewIncludesNow(view: ExplorerView, now = new Date()): boolean {
  return view.range !== "custom" || !view.to || view.to > now;
}
