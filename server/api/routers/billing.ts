import "server-only";
import { z } from "zod";
import { PAID_PLANS } from "@/lib/billing/plans";
import { changePlan, openPortal, setCancelAtPeriodEnd, startCheckout } from "@/server/billing/checkout";
import { billingConfig, isBillingEnabled, type BillingConfig } from "@/server/billing/config";
import { billingOverview, billingStanding, listInvoices } from "@/server/billing/overview";
import { badRequest } from "@/server/errors";
import { createTRPCRouter, orgProcedure } from "../trpc";

const planInput = z.object({ plan: z.enum(PAID_PLANS, { message: "Choose Growth or Scale." }) });

function requireBilling(): BillingConfig {
  const config = billingConfig();
  if (!config) throw badRequest("Billing is off on this server (no STRIPE_SECRET_KEY): every limit is unlimited and there is nothing to buy.");
  return config;
}

/** Billing: every member sees the plan and its limits (the banners need them); owners buy and manage. */
export const billingRouter = createTRPCRouter({
  overview: orgProcedure.query(({ ctx }) => billingOverview(ctx.db, ctx.org.id)),

  /** The banners' state on every page: null with billing off (no banner, nothing read). */
  standing: orgProcedure.query(({ ctx }) => (isBillingEnabled() ? billingStanding(ctx.db, ctx.org.id) : null)),

  invoices: orgProcedure.meta({ permission: "billing.manage" }).query(({ ctx }) => listInvoices(ctx.db, ctx.org.id)),

  checkout: orgProcedure
    .meta({ permission: "billing.manage" })
    .input(planInput)
    .mutation(({ ctx, input }) => startCheckout(ctx.db, requireBilling(), ctx.actor, ctx.org, input.plan)),

  portal: orgProcedure.meta({ permission: "billing.manage" }).mutation(({ ctx }) => openPortal(ctx.db, requireBilling(), ctx.org)),

  changePlan: orgProcedure
    .meta({ permission: "billing.manage" })
    .input(planInput)
    .mutation(({ ctx, input }) => changePlan(ctx.db, requireBilling(), ctx.actor, ctx.org, input.plan)),

  setCancelAtPeriodEnd: orgProcedure
    .meta({ permission: "billing.manage" })
    .input(z.object({ cancel: z.boolean() }))
    .mutation(({ ctx, input }) => setCancelAtPeriodEnd(ctx.db, requireBilling(), ctx.actor, ctx.org, input.cancel)),
});
