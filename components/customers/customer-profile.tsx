"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Suspense, useState, type ReactNode } from "react";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { formatZonedDateTime } from "@/lib/events/zoned-time";
import { useTRPC } from "@/lib/trpc/client";
import { CustomerOrders } from "./customer-orders";
import { CustomerResponses } from "./customer-responses";
import { CustomerTimeline } from "./customer-timeline";
import { EraseCustomerDialog } from "./erase-customer-dialog";
import { ExportCustomerButton } from "./export-customer-button";
import { formatMinor } from "./money";
import type { CustomerProfile as Profile, ErasureCounts } from "./types";

interface Props {
  orgSlug: string;
  customerId: string;
  timeZone: string;
  canExport: boolean;
  canErase: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function CustomerProfile(props: Props) {
  // Once erased, nothing below may ask for the customer again: the page shows only the outcome.
  const [erased, setErased] = useState<ErasureCounts | null>(null);
  if (erased) return <ErasureDone orgSlug={props.orgSlug} customerId={props.customerId} counts={erased} />;
  return <ProfileView {...props} onErased={setErased} />;
}

function ProfileView({ orgSlug, customerId, timeZone, canExport, canErase, onErased }: Props & { onErased: (counts: ErasureCounts) => void }) {
  const trpc = useTRPC();
  const { data: profile } = useSuspenseQuery(trpc.customer.get.queryOptions({ orgSlug, customerId }));
  const name = typeof profile.traits.name === "string" ? profile.traits.name : typeof profile.traits.email === "string" ? profile.traits.email : null;
  const sections = { orgSlug, customerId, timeZone };
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href={`/${orgSlug}/customers`} className="text-muted hover:text-ink">
          ← Customers
        </Link>
      </nav>
      <PageHeader
        title={name ?? customerId}
        description={<span className="font-mono break-all">{customerId}</span>}
        action={
          (canExport || canErase) && (
            <div className="flex gap-2">
              {canExport && <ExportCustomerButton orgSlug={orgSlug} customerId={customerId} />}
              {canErase && <EraseCustomerDialog orgSlug={orgSlug} customerId={customerId} onErased={onErased} />}
            </div>
          )
        }
      />
      <div className="space-y-6">
        <Kpis profile={profile} timeZone={timeZone} />
        <div className="grid gap-6 lg:grid-cols-3">
          <Card className="min-w-0 lg:col-span-2">
            <CardHeader title="Timeline" description="Newest first; anonymous visits from before they were identified included." />
            <Suspense fallback={<Loading />}>
              <CustomerTimeline {...sections} />
            </Suspense>
          </Card>
          <div className="min-w-0 space-y-6">
            <Traits traits={profile.traits} />
            <LinkedIds orgSlug={orgSlug} links={profile.anonymousIds} timeZone={timeZone} />
          </div>
        </div>
        <Card>
          <CardHeader title="Orders" description="Canceled orders count in no total; refunds are subtracted from net revenue." />
          <Suspense fallback={<Loading />}>
            <CustomerOrders {...sections} />
          </Suspense>
        </Card>
        <Card>
          <CardHeader title="Survey responses" />
          <Suspense fallback={<Loading />}>
            <CustomerResponses {...sections} />
          </Suspense>
        </Card>
      </div>
    </>
  );
}

function Loading() {
  return <p className="px-5 py-6 text-sm text-muted">Loading…</p>;
}

function Kpi({ label, children, note }: { label: string; children: ReactNode; note?: ReactNode }) {
  return (
    <Card className="min-w-0 px-5 py-4">
      <p className="text-xs tracking-wide text-muted uppercase">{label}</p>
      <p className="mt-1 text-xl font-semibold break-words tabular-nums">{children}</p>
      {note && <div className="mt-1 text-xs text-muted">{note}</div>}
    </Card>
  );
}

function Kpis({ profile, timeZone }: { profile: Profile; timeZone: string }) {
  const { revenue } = profile;
  return (
    <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
      <Kpi label="Orders" note={profile.canceledOrderCount > 0 ? `${profile.canceledOrderCount} canceled, not counted` : undefined}>
        {profile.orderCount}
      </Kpi>
      <Kpi
        label="Net revenue"
        note={
          revenue.otherCurrencies.length > 0 && (
            <>
              {revenue.otherCurrencies.map((r) => (
                <span key={r.currency} className="block">
                  + {formatMinor(r.netMinor, r.currency)} ({plural(r.orders, "order")} in {r.currency})
                </span>
              ))}
              <span className="block">Not converted: conversion comes with exchange rates.</span>
            </>
          )
        }
      >
        {formatMinor(revenue.netMinor, revenue.currency)}
      </Kpi>
      <Kpi label="First seen">
        <span className="text-base">{formatZonedDateTime(profile.firstSeenAt, timeZone)}</span>
      </Kpi>
      <Kpi label="Last seen">
        <span className="text-base">{formatZonedDateTime(profile.lastSeenAt, timeZone)}</span>
      </Kpi>
    </div>
  );
}

function showTrait(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function Traits({ traits }: { traits: Record<string, unknown> }) {
  const entries = Object.entries(traits).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Card>
      <CardHeader title="Traits" />
      <CardBody>
        {entries.length === 0 ? (
          <p className="text-sm text-muted">None yet. A customer.identified event sets them.</p>
        ) : (
          <dl className="space-y-2 text-sm">
            {entries.map(([key, value]) => (
              <div key={key} className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)] gap-3">
                <dt className="truncate text-muted">{key}</dt>
                <dd className="break-words">{showTrait(value)}</dd>
              </div>
            ))}
          </dl>
        )}
      </CardBody>
    </Card>
  );
}

function LinkedIds({ orgSlug, links, timeZone }: { orgSlug: string; links: Profile["anonymousIds"]; timeZone: string }) {
  return (
    <Card>
      <CardHeader title="Linked anonymous ids" description="Devices and sessions whose events count for this customer." />
      <CardBody>
        {links.length === 0 ? (
          <p className="text-sm text-muted">None. An event carrying both a customerId and an anonymousId links them.</p>
        ) : (
          <ul className="space-y-2 text-sm">
            {links.map((l) => (
              <li key={l.anonymousId}>
                <Link href={`/${orgSlug}/events?customer=${encodeURIComponent(l.anonymousId)}`} className="font-mono text-xs text-brand-700 hover:underline">
                  {l.anonymousId}
                </Link>
                <span className="block text-xs text-muted">
                  linked {formatZonedDateTime(l.linkedAt, timeZone)}
                  {l.conflicts > 0 && ` · ${plural(l.conflicts, "later claim")} by other customers ignored`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}

function ErasureDone({ orgSlug, customerId, counts }: { orgSlug: string; customerId: string; counts: ErasureCounts }) {
  return (
    <>
      <PageHeader title="Customer erased" />
      <Card role="status" className="max-w-xl">
        <CardBody className="space-y-3 text-sm">
          <p>
            Everything stored about <span className="font-mono">{customerId}</span> is gone: {plural(counts.events, "event")},{" "}
            {plural(counts.orders, "order")} and {plural(counts.responses, "survey response")} were deleted, with their traits and identity links.
          </p>
          <p className="text-muted">The audit log records the erasure and its counts, without any personal data.</p>
          <Link href={`/${orgSlug}/customers`} className={buttonClasses("secondary", "sm")}>
            Back to customers
          </Link>
        </CardBody>
      </Card>
    </>
  );
}
