import { billingConfig } from "@/server/billing/config";
import { handleStripeWebhook } from "@/server/billing/webhook";
import { restHandler } from "@/server/http/handler";

export const POST = restHandler((request: Request) => handleStripeWebhook(request, billingConfig()));
