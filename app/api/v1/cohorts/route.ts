import { restHandler } from "@/server/http/handler";
import { otherMethods } from "@/server/http/methods";
import { handleCohortsGet } from "@/server/metrics/http";

export const GET = restHandler(handleCohortsGet);
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
