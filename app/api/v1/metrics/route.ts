import { restHandler } from "@/server/http/handler";
import { otherMethods } from "@/server/http/methods";
import { handleMetricsGet } from "@/server/metrics/http";

export const GET = restHandler(handleMetricsGet);
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
