import "server-only";
import { z } from "zod";
import { getDb } from "@/db";
import { segmentSchema, type Segment } from "@/lib/metrics/segment";
import { requireApiKey } from "@/server/http/api-key-auth";
import { apiError } from "@/server/http/responses";
import { listMetrics } from "./catalog";
import { INTERVALS, type Interval } from "./period";
import { MetricInputError, readCohorts, readMetrics } from "./service";

const KNOWN_PARAMETERS = new Set(["keys", "from", "to", "interval", "segment", "compare"]);

type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

/** The segment parameter: URL-encoded JSON of the segment shape (api.md). */
export function parseSegmentParameter(raw: string | null): Parsed<Segment | null> {
  if (raw === null || raw.trim() === "") return { ok: true, value: null };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, response: apiError(400, "invalid_segment", 'segment must be JSON, e.g. {"traits":{"country":"DE"},"loyalty":"member"}') };
  }
  const parsed = segmentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `segment.${issue.path.join(".")}: ` : "segment: ";
    return { ok: false, response: apiError(400, "invalid_segment", where + issue.message, { details: z.treeifyError(parsed.error) }) };
  }
  return { ok: true, value: parsed.data };
}

/** GET /api/v1/metrics (secret key). */
export async function handleMetricsGet(request: Request): Promise<Response> {
  const auth = await requireApiKey(request, "secret", "read");
  if (!auth.ok) return auth.response;
  const params = new URL(request.url).searchParams;
  const unknown = [...new Set(params.keys())].filter((k) => !KNOWN_PARAMETERS.has(k));
  if (unknown.length) {
    return apiError(400, "unknown_parameter", `unknown parameter${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; known: ${[...KNOWN_PARAMETERS].join(", ")}`);
  }
  const keys = params.get("keys");
  if (!keys) return apiError(400, "missing_keys", "keys is required: comma-separated metric keys (GET /api/v1/metrics/catalog lists them)");
  const interval = params.get("interval");
  if (interval !== null && !INTERVALS.includes(interval as Interval)) {
    return apiError(400, "invalid_interval", `interval must be day, week or month (got "${interval}")`);
  }
  const compare = params.get("compare");
  if (compare !== null && compare !== "true" && compare !== "false") return apiError(400, "invalid_compare", 'compare must be "true" or "false"');
  const segment = parseSegmentParameter(params.get("segment"));
  if (!segment.ok) return segment.response;
  try {
    const result = await readMetrics(await getDb(), auth.key.org.id, {
      keys: keys.split(","),
      from: params.get("from"),
      to: params.get("to"),
      interval: (interval as Interval | null) ?? null,
      segment: segment.value,
      compare: compare !== "false",
    });
    return Response.json({ ...result, metrics: result.metrics.map(({ previousBreakdown: _unused, ...m }) => m) });
  } catch (error) {
    if (error instanceof MetricInputError) return apiError(400, error.code, error.message, { details: error.details });
    throw error;
  }
}

/** GET /api/v1/metrics/catalog (secret key). */
export async function handleCatalogGet(request: Request): Promise<Response> {
  const auth = await requireApiKey(request, "secret", "read");
  if (!auth.ok) return auth.response;
  return Response.json({
    metrics: listMetrics().map(({ key, name, family, unit, direction, description }) => ({ key, name, family, unit, direction, description })),
  });
}

/** GET /api/v1/cohorts?from&to&segment (secret key). */
export async function handleCohortsGet(request: Request): Promise<Response> {
  const auth = await requireApiKey(request, "secret", "read");
  if (!auth.ok) return auth.response;
  const params = new URL(request.url).searchParams;
  const unknown = [...new Set(params.keys())].filter((k) => !["from", "to", "segment"].includes(k));
  if (unknown.length) return apiError(400, "unknown_parameter", `unknown parameter${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; known: from, to, segment`);
  const segment = parseSegmentParameter(params.get("segment"));
  if (!segment.ok) return segment.response;
  try {
    return Response.json(await readCohorts(await getDb(), auth.key.org.id, { from: params.get("from"), to: params.get("to"), segment: segment.value }));
  } catch (error) {
    if (error instanceof MetricInputError) return apiError(400, error.code, error.message, { details: error.details });
    throw error;
  }
}
