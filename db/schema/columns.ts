import { timestamp } from "drizzle-orm/pg-core";

/** Timestamps every table shares; always with time zone, always UTC on the wire. */
export const createdAt = () => timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp({ withTimezone: true, mode: "date" })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
