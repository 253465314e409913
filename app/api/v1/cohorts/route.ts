import { restHandler } from "@/server/http/handler";
import { handleCohortsGet } from "@/server/metrics/http";

export const GET = restHandler(handleCohortsGet);
