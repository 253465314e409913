"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { formatMetricValue, formatMoney, formatNumber } from "@/lib/metrics/format";
import { COMPARED_KEYS, reportReadInput, type ReportPeriod } from "@/lib/loyalty/report-reads";
import { useTRPC } from "@/lib/trpc/client";

function Stat({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <Card className="p-4">
      <p className="text-xs font-medium text-muted">{label}</p>
      <p className="text-2xl font-semibold tracking-tight tabular-nums" data-testid={testId}>
        {value}
      </p>
      {hint && <p className="mt-0.5 text-xs text-muted">{hint}</p>}
    </Card>
  );
}

/** The programme's numbers: points and liability as of now; adoption and members against non-members over the period. */
export function ProgramReport({ orgSlug, period }: { orgSlug: string; period: ReportPeriod }) {
  const trpc = useTRPC();
  const { data: report } = useSuspenseQuery(trpc.loyalty.report.queryOptions({ orgSlug }));
  const { data: program } = useSuspenseQuery(trpc.metric.summary.queryOptions(reportReadInput(orgSlug, period, "programme")));
  const { data: members } = useSuspenseQuery(trpc.metric.summary.queryOptions(reportReadInput(orgSlug, period, "member")));
  const { data: others } = useSuspenseQuery(trpc.metric.summary.queryOptions(reportReadInput(orgSlug, period, "non_member")));
  if (!report) return null;
  const currency = report.currency;
  const value = (key: string, data: typeof program) => data.metrics.find((m) => m.key === key)!;
  const points = (n: number) => formatNumber(n);
  const tierTotal = report.tiers.reduce((s, t) => s + t.members, 0);

  return (
    <div className="space-y-6">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label="Members" value={formatNumber(report.members)} hint="Customers enrolled (loyalty.enrolled)" testId="loyalty-members" />
        <Stat label="Adoption" value={formatMetricValue(value("loyalty_adoption_rate", program).value, "percent", currency)} hint={`Of the customer base, ${period.label}`} />
        <Stat label="Points outstanding" value={points(report.pointsOutstanding)} hint={`${points(report.pointsEarned)} earned · ${points(report.pointsRedeemed)} redeemed · ${points(report.pointsExpired)} expired`} testId="loyalty-outstanding" />
        <Stat label="Liability" value={formatMoney(report.liability, currency)} hint="Outstanding points × the value of a point" testId="loyalty-liability" />
      </div>
      <p className="text-xs text-muted">
        Points {report.pointsFrom === "orders" ? "derived from orders by the programme's rules" : "from loyalty.points_earned, _redeemed and _expired events"}, as of{" "}
        {new Date(report.asOf).toISOString().slice(0, 16).replace("T", " ")} UTC. Redeemed so far:{" "}
        {/* From the same points as the totals beside it, derived ones included (the catalog's redemption rate reads events only). */}
        {formatMetricValue(report.pointsEarned > 0 ? (report.pointsRedeemed / report.pointsEarned) * 100 : null, "percent", currency)} of the points earned.
      </p>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Tiers" description="Members by the tier their lifetime points reach." />
          <CardBody>
            {tierTotal === 0 ? (
              <p className="text-sm text-muted">No members yet.</p>
            ) : (
              <ul className="space-y-2" aria-label="Members per tier">
                {report.tiers.map((t) => (
                  <li key={t.tier} className="grid grid-cols-[7rem_1fr_4rem] items-center gap-3 text-sm" data-tier={t.tier}>
                    <span className="truncate font-medium">{t.tier}</span>
                    <span className="h-3 rounded-full bg-canvas" aria-hidden>
                      <span className="block h-3 rounded-full bg-brand-600" style={{ width: `${(t.members / tierTotal) * 100}%` }} />
                    </span>
                    <span className="text-right tabular-nums">{formatNumber(t.members)}</span>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Members against non-members" description={`${period.label}: customers enrolled at the end of the period against the others.`} />
          <Table>
            <thead>
              <tr>
                <Th>Metric</Th>
                <Th className="text-right">Members</Th>
                <Th className="text-right">Non-members</Th>
                <Th className="text-right">Lift</Th>
              </tr>
            </thead>
            <tbody>
              {COMPARED_KEYS.map((key) => {
                const m = value(key, members);
                const o = value(key, others);
                const lift = m.value !== null && o.value ? m.value / o.value : null;
                return (
                  <tr key={key} data-compare={key}>
                    <Td>{m.name}</Td>
                    <Td className="text-right font-semibold tabular-nums">{formatMetricValue(m.value, m.unit, currency)}</Td>
                    <Td className="text-right tabular-nums">{formatMetricValue(o.value, o.unit, currency)}</Td>
                    <Td className="text-right tabular-nums">{lift === null ? "—" : `× ${lift.toFixed(2)}`}</Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </Card>
      </div>
    </div>
  );
}
