import { restHandler } from "@/server/http/handler";
import { handleCatalogGet } from "@/server/metrics/http";

export const GET = restHandler(handleCatalogGet);
