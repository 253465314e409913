import { z } from "zod";
import { segmentSchema } from "../metrics/segment";
import { MAX_WIDGET_METRICS, SINGLE_METRIC_VIEWS, VIEWER_PARAMS, WIDGET_INTERVALS, WIDGET_RANGES, WIDGET_VIEWS, type WidgetView } from "../widgets/options";

const HEX = /^#[0-9a-fA-F]{6}$/;

const originList = (min: number) =>
  z
    .array(
      z
        .string()
        .trim()
        .transform((o, ctx) => {
          try {
            const url = new URL(o);
            if ((url.protocol !== "https:" && url.protocol !== "http:") || url.origin !== o.replace(/\/$/, "")) throw new Error();
            // A host name or an address, nothing else: "*" or ";" would widen or break the CSP list.
            if (!/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$|^\[[0-9a-f:.]+\]$/i.test(url.hostname)) throw new Error();
            return url.origin;
          } catch {
            ctx.addIssue({ code: "custom", message: `"${o}" is not an origin: write it as https://portal.example.com (scheme and host, no path).` });
            return z.NEVER;
          }
        }),
    )
    .min(min, { message: "Name at least one site that may show the widget." })
    .max(20, { message: "At most 20 sites." })
    .transform((o) => [...new Set(o)]);

export const widgetInput = z
  .object({
    name: z.string().trim().min(1, { message: "Name the widget." }).max(80, { message: "Keep the name under 80 characters." }),
    metricKeys: z
      .array(z.string().trim().min(1).max(64))
      .min(1, { message: "Choose at least one metric." })
      .max(MAX_WIDGET_METRICS, { message: `Choose at most ${MAX_WIDGET_METRICS} metrics.` })
      .refine((k) => new Set(k).size === k.length, { message: "Each metric once." }),
    view: z.enum(Object.keys(WIDGET_VIEWS) as [WidgetView, ...WidgetView[]], { message: "Choose a view." }),
    range: z.enum(WIDGET_RANGES as [string, ...string[]], { message: "Choose a period." }),
    interval: z.enum(WIDGET_INTERVALS as [string, ...string[]]).nullable(),
    theme: z.object({
      mode: z.enum(["light", "dark"]),
      accent: z.string().regex(HEX, { message: "Give the accent colour as #rrggbb." }).transform((c) => c.toLowerCase()),
    }),
    lockedSegment: segmentSchema.nullable(),
    viewerParams: z.array(z.enum(VIEWER_PARAMS)).max(VIEWER_PARAMS.length).transform((p) => [...new Set(p)]),
    /** Sites that may frame the widget through signed embedding; empty until the merchant names them. */
    signedOrigins: originList(0),
  })
  .superRefine((w, ctx) => {
    if ((w.view === "line" || w.view === "bar") && !w.interval) ctx.addIssue({ code: "custom", path: ["interval"], message: "A chart needs an interval (day, week or month)." });
    const only = SINGLE_METRIC_VIEWS[w.view];
    if (only && (w.metricKeys.length !== 1 || w.metricKeys[0] !== only)) {
      ctx.addIssue({ code: "custom", path: ["metricKeys"], message: `The ${WIDGET_VIEWS[w.view]} shows ${only} alone.` });
    }
  });
export type WidgetInput = z.infer<typeof widgetInput>;

export const shareTokenInput = z.object({
  widgetId: z.uuid(),
  allowedOrigins: originList(1),
  expiresAt: z.date().nullable(),
});
