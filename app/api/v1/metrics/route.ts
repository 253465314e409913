import { restHandler } from "@/server/http/handler";
import { handleMetricsGet } from "@/server/metrics/http";

export const GET = restHandler(handleMetricsGet);
