import { boolean, integer, jsonb, numeric, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { organizations } from "./organizations";

export interface LoyaltyTier {
  name: string;
  /** Lifetime points earned from which a member holds the tier. */
  threshold: number;
}

/**
 * An organisation's loyalty programme as the merchant describes it: how points are earned and what a
 * point is worth when redeemed. Membership always comes from loyalty.enrolled events; points come
 * from loyalty.points_* events, or are derived from orders by these rules (`deriveFromOrders`).
 */
export const loyaltyPrograms = pgTable("loyalty_programs", {
  orgId: uuid()
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  name: text().notNull(),
  pointsPerCurrencyUnit: numeric({ precision: 12, scale: 4 }).notNull(),
  signUpBonus: integer().notNull().default(0),
  referralBonus: integer().notNull().default(0),
  reviewBonus: integer().notNull().default(0),
  /** In the organisation's currency, per point redeemed. */
  pointValue: numeric({ precision: 12, scale: 6 }).notNull(),
  tiers: jsonb().$type<LoyaltyTier[]>().notNull().default([]),
  deriveFromOrders: boolean().notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
