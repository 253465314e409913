"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { CopyField } from "@/components/settings/copy-field";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { toast } from "@/components/ui/toaster";
import { formatNumber } from "@/lib/metrics/format";
import { SURVEY_KIND_INFO, scoresOf } from "@/lib/surveys/kinds";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";
import { RecipientLinks } from "./recipient-links";
import { SurveyResponses } from "./survey-responses";

/** One survey: its links (public, embed, per recipient), the numbers so far and every answer. */
export function SurveyDetail({ orgSlug, surveyId, origin, timeZone, canManage, canExport }: { orgSlug: string; surveyId: string; origin: string; timeZone: string; canManage: boolean; canExport: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: survey } = useSuspenseQuery(trpc.survey.get.queryOptions({ orgSlug, surveyId }));
  const toggle = useMutation(
    trpc.survey.setClosed.mutationOptions({
      onSuccess: (s) => {
        toast.success(s.status === "closed" ? "Survey closed: its links now say so." : "Survey reopened.");
        void queryClient.invalidateQueries({ queryKey: trpc.survey.pathKey() });
      },
      onError: (error) => toast.error(describeClientError(error).message),
    }),
  );
  const publicUrl = `${origin}${survey.publicPath}`;
  const embed = `<iframe src="${publicUrl}?embed=1" title="${survey.name.replaceAll('"', "&quot;")}" style="width:100%;max-width:560px;height:520px;border:0" loading="lazy"></iframe>`;
  const { stats } = survey;
  const total = stats.distribution.reduce((s, d) => s + d.count, 0);
  const order = survey.kind === "exit" ? survey.reasons : scoresOf(survey.kind).map(String);
  const distribution = [...order, ...stats.distribution.map((d) => d.value).filter((v) => !order.includes(v))].map((value) => ({
    value,
    count: stats.distribution.find((d) => d.value === value)?.count ?? 0,
  }));

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <Badge tone={survey.status === "open" ? "brand" : "neutral"}>{survey.status === "open" ? "Open" : "Closed"}</Badge>
        <span className="text-sm text-muted">
          {SURVEY_KIND_INFO[survey.kind].label} · feeds {SURVEY_KIND_INFO[survey.kind].feeds}
        </span>
        {canManage && (
          <div className="ml-auto flex gap-2">
            <Link href={`/${orgSlug}/surveys/${survey.id}/edit`} className={buttonClasses("secondary", "sm")}>
              Edit
            </Link>
            <Button variant="secondary" size="sm" pending={toggle.isPending} onClick={() => toggle.mutate({ orgSlug, surveyId, closed: survey.status === "open" })}>
              {survey.status === "open" ? "Close survey" : "Reopen survey"}
            </Button>
          </div>
        )}
      </div>

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          ["Responses", stats.responses],
          ["Links sent", stats.sent],
          ["From known customers", stats.identified],
          ["With a comment", stats.withComment],
        ].map(([label, value]) => (
          <Card key={label} className="p-4">
            <dt className="text-xs font-medium text-muted">{label}</dt>
            <dd className="text-2xl font-semibold tabular-nums" data-testid={`survey-stat-${String(label).toLowerCase().replaceAll(" ", "-")}`}>
              {formatNumber(Number(value))}
            </dd>
          </Card>
        ))}
      </dl>

      {total > 0 && (
        <Card>
          <CardHeader title="Answers" description={`${formatNumber(total)} so far, by ${survey.kind === "exit" ? "reason" : "score"}.`} />
          <CardBody>
            <ul className="space-y-1.5" aria-label="Answer distribution">
              {distribution.map((d) => (
                <li key={d.value} className="grid grid-cols-[minmax(2rem,10rem)_1fr_3rem] items-center gap-3 text-sm">
                  <span className="truncate">{d.value}</span>
                  <span className="h-3 rounded-full bg-canvas" aria-hidden>
                    <span className="block h-3 rounded-full" style={{ width: `${(d.count / total) * 100}%`, background: survey.accentColor }} />
                  </span>
                  <span className="text-right tabular-nums">{d.count}</span>
                </li>
              ))}
            </ul>
          </CardBody>
        </Card>
      )}

      <Card>
        <CardHeader title="Share" description="Anyone with the public link can answer, without signing in. Post it, send it, or embed it in your customer portal." />
        <CardBody className="space-y-4">
          <CopyField label="Public link" value={publicUrl} />
          <CopyField label="Embed in a page (iframe)" value={embed} />
          <p className="text-sm">
            <a href={survey.publicPath} target="_blank" rel="noreferrer" className="font-medium text-brand-700 underline">
              Open the public page
            </a>
          </p>
        </CardBody>
      </Card>

      {canManage && (
        <Card>
          <CardHeader
            title="Links per customer"
            description="Each link is signed for one customer: the answer attaches to them, and a second answer from the same link replaces the first. Also by API: POST /api/v1/surveys/{id}/links."
          />
          <CardBody>
            <RecipientLinks orgSlug={orgSlug} surveyId={survey.id} surveyName={survey.name} origin={origin} />
          </CardBody>
        </Card>
      )}

      <Card>
        <CardHeader title="Responses" />
        <SurveyResponses orgSlug={orgSlug} survey={survey} timeZone={timeZone} canExport={canExport} />
      </Card>
    </div>
  );
}
