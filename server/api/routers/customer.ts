import "server-only";
import { z } from "zod";
import { customerIdField } from "@/lib/validation/events";
import { badRequest } from "@/server/errors";
import { eraseCustomer, exportCustomer } from "@/server/services/customer-privacy";
import { getCustomerProfile, listCustomerOrders, listCustomerResponses, requireCustomer, searchCustomers } from "@/server/services/customers";
import { listEvents } from "@/server/services/event-explorer";
import { createTRPCRouter, orgProcedure } from "../trpc";

const customerInput = z.object({ customerId: customerIdField });
const pageLimit = z.number().int().min(1).max(100).default(25);

export const customerRouter = createTRPCRouter({
  search: orgProcedure
    .input(z.object({ query: z.string().max(128, { message: "Search with at most 128 characters." }).optional(), limit: z.number().int().min(1).max(50).default(20) }))
    .query(({ ctx, input }) => searchCustomers(ctx.db, ctx.org.id, input)),

  get: orgProcedure.input(customerInput).query(({ ctx, input }) => getCustomerProfile(ctx.db, ctx.org, input.customerId)),

  timeline: orgProcedure
    .input(customerInput.extend({ cursor: z.object({ timestamp: z.date(), id: z.number().int().positive() }).nullish(), limit: pageLimit }))
    .query(async ({ ctx, input }) => {
      await requireCustomer(ctx.db, ctx.org.id, input.customerId);
      const page = await listEvents(ctx.db, ctx.org.id, { customerId: input.customerId }, input);
      return { items: page.items, nextCursor: page.nextCursor };
    }),

  orders: orgProcedure
    .input(customerInput.extend({ cursor: z.object({ placedAt: z.date(), orderId: z.string() }).nullish(), limit: pageLimit }))
    .query(({ ctx, input }) => listCustomerOrders(ctx.db, ctx.org.id, input.customerId, input)),

  responses: orgProcedure
    .input(customerInput.extend({ cursor: z.object({ respondedAt: z.date(), eventId: z.number().int() }).nullish(), limit: pageLimit }))
    .query(({ ctx, input }) => listCustomerResponses(ctx.db, ctx.org.id, input.customerId, input)),

  // A mutation (POST) although it changes nothing: the customer id must not end up in a GET URL,
  // and so in access logs.
  export: orgProcedure
    .meta({ permission: "data.export" })
    .input(customerInput)
    .mutation(({ ctx, input }) => exportCustomer(ctx.db, ctx.org.id, input.customerId)),

  // Erasure destroys data every report is computed from and cannot be undone: an admin decision,
  // like the organisation's other data settings. Analysts may export (data.export) but not destroy.
  erase: orgProcedure
    .meta({ permission: "settings.manage" })
    .input(customerInput.extend({ confirmCustomerId: z.string().max(128) }))
    .mutation(({ ctx, input }) => {
      if (input.confirmCustomerId !== input.customerId) {
        throw badRequest("Type the customer id exactly as shown to confirm the erasure.", "confirmCustomerId");
      }
      return eraseCustomer(ctx.db, ctx.actor, ctx.org.id, input.customerId);
    }),
});
