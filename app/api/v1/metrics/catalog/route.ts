import { restHandler } from "@/server/http/handler";
import { otherMethods } from "@/server/http/methods";
import { handleCatalogGet } from "@/server/metrics/http";

export const GET = restHandler(handleCatalogGet);
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
