import Link from "next/link";
import { Card } from "@/components/ui/card";
import { formatMoney, formatNumber } from "@/lib/metrics/format";
import { api } from "@/lib/trpc/server";

/**
 * The programme's standing on the value dashboard: members, points outstanding and the liability as
 * of now (they do not depend on the dashboard's range), or a pointer to define the programme.
 */
export async function ProgramStrip({ orgSlug }: { orgSlug: string }) {
  const report = await api.loyalty.report({ orgSlug });
  const href = `/${orgSlug}/loyalty`;
  return (
    <Card className="flex flex-wrap items-center gap-x-6 gap-y-2 px-5 py-4" data-testid="loyalty-strip">
      {report ? (
        <>
          <p className="text-sm font-semibold">Loyalty programme today</p>
          <p className="text-sm">
            <span className="font-semibold tabular-nums">{formatNumber(report.members)}</span> <span className="text-muted">members</span>
          </p>
          <p className="text-sm">
            <span className="font-semibold tabular-nums">{formatNumber(report.pointsOutstanding)}</span> <span className="text-muted">points outstanding</span>
          </p>
          <p className="text-sm">
            <span className="text-muted">liability</span> <span className="font-semibold tabular-nums">{formatMoney(report.liability, report.currency)}</span>
          </p>
          <Link href={href} className="ml-auto text-sm font-medium text-brand-700 underline">
            Open the programme
          </Link>
        </>
      ) : (
        <p className="text-sm text-muted">
          <Link href={href} className="font-medium text-brand-700 underline">
            Define your loyalty programme
          </Link>{" "}
          to see points outstanding, the liability they represent and your tiers.
        </p>
      )}
    </Card>
  );
}
