import { restHandler } from "@/server/http/handler";
import { handleCustomerExport } from "@/server/customers/http";

export const GET = restHandler(handleCustomerExport);
