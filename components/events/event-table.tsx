"use client";

import Link from "next/link";
import { Fragment, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { Table, Td, Th } from "@/components/ui/table";
import { customerHref } from "@/lib/customers/pages";
import { formatZonedDateTime } from "@/lib/events/zoned-time";
import { CopyButton } from "@/components/ui/copy-button";
import { eventAsJson, summarizeProperties } from "./event-summary";
import type { ExplorerEvent } from "./types";

interface Props {
  events: ExplorerEvent[];
  orgSlug: string;
  timeZone: string;
  /** Ids that just arrived through the live tail: shown highlighted for a moment. */
  fresh?: ReadonlySet<number>;
  /** Filters the explorer by an anonymous id (anonymous visitors have no profile page). */
  onShowActor?: (actor: string) => void;
  /** A profile's own timeline: no customer column, and no source column to leave room for properties. */
  hideCustomer?: boolean;
}

function Actor({ event, orgSlug, onShowActor }: { event: ExplorerEvent; orgSlug: string; onShowActor?: (actor: string) => void }) {
  const customer = event.resolvedCustomerId;
  const anonymous = event.anonymousId;
  return (
    <span className="flex min-w-0 flex-col">
      {customer && (
        <Link href={customerHref(orgSlug, customer)} className="truncate font-medium text-brand-700 hover:underline">
          {customer}
        </Link>
      )}
      {anonymous && (!customer || event.customerId === null) && (
        <span className="truncate text-xs text-muted">
          {customer ? "via " : ""}
          {onShowActor ? (
            <button type="button" className="hover:underline" onClick={() => onShowActor(anonymous)} title="Show this anonymous id's events">
              {anonymous}
            </button>
          ) : (
            anonymous
          )}
        </span>
      )}
    </span>
  );
}

export function EventTable({ events, orgSlug, timeZone, fresh, onShowActor, hideCustomer }: Props) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const toggle = (id: number) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const columns = hideCustomer ? 3 : 5;
  return (
    <Table className="table-fixed">
      {/* Widths live on the columns: the expanded row spans all of them, and a column hidden on a
          narrow screen must take no room there rather than a share of it. */}
      <colgroup>
        <col className="w-44 sm:w-52" />
        <col className={hideCustomer ? "sm:w-56" : "sm:w-60"} />
        {!hideCustomer && <col className="w-0 lg:w-40" />}
        {!hideCustomer && <col className="w-0 xl:w-24" />}
        <col className="w-0 lg:w-auto" />
      </colgroup>
      <thead>
        <tr>
          <Th>Time</Th>
          <Th>Type</Th>
          {!hideCustomer && <Th className="hidden lg:table-cell">Customer</Th>}
          {!hideCustomer && <Th className="hidden xl:table-cell">Source</Th>}
          <Th className="hidden lg:table-cell">Properties</Th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => {
          const expanded = open.has(event.id);
          const json = expanded ? eventAsJson(event) : "";
          return (
            <Fragment key={event.id}>
              <tr
                data-event-id={event.id}
                className={cn("transition-colors duration-1000", fresh?.has(event.id) ? "bg-brand-50" : "hover:bg-canvas/60")}
              >
                <Td className="whitespace-nowrap">
                  <button
                    type="button"
                    aria-expanded={expanded}
                    aria-label={`${expanded ? "Hide" : "Show"} the ${event.type} event of ${formatZonedDateTime(event.timestamp, timeZone)}`}
                    onClick={() => toggle(event.id)}
                    className="flex items-center gap-1.5 text-left tabular-nums"
                  >
                    <svg viewBox="0 0 20 20" className={cn("size-3.5 shrink-0 text-muted transition-transform", expanded && "rotate-90")} aria-hidden>
                      <path d="M8 6l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.8" />
                    </svg>
                    <time dateTime={event.timestamp.toISOString()}>{formatZonedDateTime(event.timestamp, timeZone)}</time>
                  </button>
                </Td>
                <Td>
                  <span className="flex min-w-0 items-center gap-2">
                    <span className="truncate font-mono text-xs">{event.type}</span>
                    {event.custom && <Badge>custom</Badge>}
                  </span>
                  {/* Narrow screens have no customer column: the customer goes under the type. */}
                  {!hideCustomer && (
                    <span className="mt-1 block text-xs lg:hidden">
                      <Actor event={event} orgSlug={orgSlug} onShowActor={onShowActor} />
                    </span>
                  )}
                </Td>
                {!hideCustomer && (
                  <Td className="hidden lg:table-cell">
                    <Actor event={event} orgSlug={orgSlug} onShowActor={onShowActor} />
                  </Td>
                )}
                {!hideCustomer && <Td className="hidden text-xs text-muted xl:table-cell">{event.source}</Td>}
                <Td className="hidden truncate text-xs text-muted lg:table-cell" title={summarizeProperties(event.properties, 20)}>
                  {summarizeProperties(event.properties) || <span className="italic">no properties</span>}
                </Td>
              </tr>
              {expanded && (
                <tr>
                  <td colSpan={columns} className="border-b border-line bg-canvas/60 px-5 py-3">
                    <div className="relative">
                      <pre className="max-h-96 overflow-auto rounded-lg border border-line bg-surface p-3 pr-20 font-mono text-xs leading-relaxed">{json}</pre>
                      <div className="absolute top-2 right-2">
                        <CopyButton value={json} aria-label="Copy the event as JSON" />
                      </div>
                    </div>
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </Table>
  );
}
