import { restHandler } from "@/server/http/handler";
import { otherMethods } from "@/server/http/methods";
import { handleCustomerExport } from "@/server/customers/http";

export const GET = restHandler(handleCustomerExport);
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
