import type { Metadata } from "next";
import { SurveyForm } from "@/components/surveys/survey-form";
import { SurveyNotice, SurveyShell } from "@/components/surveys/survey-shell";
import { SURVEY_KIND_INFO } from "@/lib/surveys/kinds";
import { getDb } from "@/db";
import { resolveSurveyLink } from "@/server/services/survey-answers";

export const metadata: Metadata = { title: "Survey", robots: { index: false, follow: false } };

type Props = { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The messages the answer route can send back (by code: the page never echoes text from the URL). */
function errorText(code: unknown, scale: { min: number; max: number } | null): string | null {
  if (code === "answer") return scale ? `Choose a score from ${scale.min} to ${scale.max} to send your answer.` : "Choose a reason or tell us in your own words.";
  if (code === "busy") return "Many answers came from your network just now. Please try again in a few minutes.";
  return null;
}

export default async function SurveyPage({ params, searchParams }: Props) {
  const { token } = await params;
  const query = await searchParams;
  const embedded = query.embed === "1";
  const link = await resolveSurveyLink(await getDb(), token);
  if (link.state === "invalid") {
    return (
      <SurveyShell orgName="Survey" accentColor="#17734f" embedded={embedded}>
        <SurveyNotice title="This survey link does not work">
          It may have been copied incompletely. Try opening it again from the message you received, or ask the sender for a new link.
        </SurveyNotice>
      </SurveyShell>
    );
  }
  if (link.state === "closed") {
    return (
      <SurveyShell orgName={link.survey.orgName} accentColor={link.survey.accentColor} embedded={embedded}>
        <SurveyNotice title="This survey is closed">Thank you for your interest: {link.survey.orgName} is not collecting answers to it any more.</SurveyNotice>
      </SurveyShell>
    );
  }
  return (
    <SurveyShell orgName={link.survey.orgName} accentColor={link.survey.accentColor} embedded={embedded}>
      <SurveyForm token={token} survey={link.survey} embedded={embedded} error={errorText(query.error, SURVEY_KIND_INFO[link.survey.kind].scale)} />
    </SurveyShell>
  );
}
