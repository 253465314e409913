import { restHandler } from "@/server/http/handler";
import { otherMethods } from "@/server/http/methods";
import { handleCustomerDelete, handleCustomerGet } from "@/server/customers/http";

export const GET = restHandler(handleCustomerGet);
export const DELETE = restHandler(handleCustomerDelete);
export const { POST, PUT, PATCH, OPTIONS } = otherMethods(["GET", "DELETE"]);
