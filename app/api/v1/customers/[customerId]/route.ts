import { restHandler } from "@/server/http/handler";
import { handleCustomerDelete, handleCustomerGet } from "@/server/customers/http";

export const GET = restHandler(handleCustomerGet);
export const DELETE = restHandler(handleCustomerDelete);
