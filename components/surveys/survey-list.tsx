"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { formatNumber } from "@/lib/metrics/format";
import { SURVEY_KIND_INFO } from "@/lib/surveys/kinds";
import { useTRPC } from "@/lib/trpc/client";

export function SurveyList({ orgSlug, canManage, timeZone }: { orgSlug: string; canManage: boolean; timeZone: string }) {
  const trpc = useTRPC();
  const { data: surveys } = useSuspenseQuery(trpc.survey.list.queryOptions({ orgSlug }));
  const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone });
  if (surveys.length === 0) {
    return (
      <Card>
        <EmptyState
          title="No surveys yet"
          action={
            canManage && (
              <Link href={`/${orgSlug}/surveys/new`} className={buttonClasses()}>
                Create a survey
              </Link>
            )
          }
        >
          Ask for NPS, effort, satisfaction, exit reasons or product-passport feedback with a link you send, post or embed. Answers feed the voice-of-the-customer
          dashboard at once.
        </EmptyState>
      </Card>
    );
  }
  return (
    <Card>
      <Table>
        <thead>
          <tr>
            <Th>Survey</Th>
            <Th>Kind</Th>
            <Th>Status</Th>
            <Th className="text-right">Responses</Th>
            <Th>Last answer</Th>
          </tr>
        </thead>
        <tbody>
          {surveys.map((s) => (
            <tr key={s.id}>
              <Td>
                <Link href={`/${orgSlug}/surveys/${s.id}`} className="font-medium text-brand-700 hover:underline">
                  {s.name}
                </Link>
                <p className="max-w-md truncate text-xs text-muted">{s.question}</p>
              </Td>
              <Td className="whitespace-nowrap">{SURVEY_KIND_INFO[s.kind].label}</Td>
              <Td>
                <Badge tone={s.status === "open" ? "brand" : "neutral"}>{s.status === "open" ? "Open" : "Closed"}</Badge>
              </Td>
              <Td className="text-right tabular-nums">{formatNumber(s.responses)}</Td>
              <Td className="whitespace-nowrap text-muted">{s.lastResponseAt ? date.format(s.lastResponseAt) : "—"}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
