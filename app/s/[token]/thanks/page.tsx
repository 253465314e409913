import type { Metadata } from "next";
import { SurveyNotice, SurveyShell } from "@/components/surveys/survey-shell";
import { getDb } from "@/db";
import { resolveSurveyLink } from "@/server/services/survey-answers";

export const metadata: Metadata = { title: "Thank you", robots: { index: false, follow: false } };

export default async function SurveyThanksPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ embed?: string }> }) {
  const { token } = await params;
  const embedded = (await searchParams).embed === "1";
  const link = await resolveSurveyLink(await getDb(), token);
  const orgName = link.state === "invalid" ? "Survey" : link.survey.orgName;
  return (
    <SurveyShell orgName={orgName} accentColor={link.state === "invalid" ? "#17734f" : link.survey.accentColor} embedded={embedded}>
      <SurveyNotice title="Thank you for your answer">
        {link.state === "open" && link.customerId
          ? "It has reached the team. Changed your mind? Open the same link again: a new answer replaces this one."
          : "It has reached the team."}
      </SurveyNotice>
    </SurveyShell>
  );
}
