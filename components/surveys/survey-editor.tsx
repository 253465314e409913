"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, InputField, SelectField, TextareaField } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import { draftFor, SURVEY_KIND_INFO, SURVEY_KINDS, type SurveyDraft, type SurveyKind } from "@/lib/surveys/kinds";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";
import { SurveyForm } from "./survey-form";
import { SurveyShell } from "./survey-shell";

const linesOf = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * Creates a survey, or edits one (`surveyId`; the kind is then fixed, answers were given on its
 * scale). Beside the form, the public page as respondents will see it.
 */
export function SurveyEditor({ orgSlug, orgName, surveyId, initial }: { orgSlug: string; orgName: string; surveyId?: string; initial: SurveyDraft }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(initial);
  const set = <K extends keyof SurveyDraft>(key: K, value: SurveyDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const onSaved = (saved: { id: string; name: string }) => {
    void queryClient.invalidateQueries({ queryKey: trpc.survey.pathKey() });
    toast.success(`${saved.name} saved.`);
    router.push(`/${orgSlug}/surveys/${saved.id}`);
  };
  const create = useMutation(trpc.survey.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.survey.update.mutationOptions({ onSuccess: onSaved }));
  const pending = create.isPending || update.isPending;
  const error = create.error ?? update.error;
  const failure = error ? describeClientError(error) : null;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const fields = { name: draft.name, question: draft.question, followUp: draft.followUp || null, reasons: draft.kind === "exit" ? linesOf(draft.reasons) : [], accentColor: draft.accentColor };
    if (surveyId) update.mutate({ orgSlug, surveyId, ...fields });
    else create.mutate({ orgSlug, kind: draft.kind, ...fields });
  }

  const preview = {
    id: "preview",
    kind: draft.kind,
    question: draft.question || "Your question",
    followUp: draft.followUp || null,
    reasons: linesOf(draft.reasons),
    accentColor: /^#[0-9a-f]{6}$/i.test(draft.accentColor) ? draft.accentColor : "#17734f",
    orgName,
  };

  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
      <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label={surveyId ? "Edit survey" : "New survey"}>
        <FormError message={failure && Object.keys(failure.fieldErrors).length === 0 ? failure.message : null} />
        {!surveyId && (
          <SelectField
            label="Kind"
            value={draft.kind}
            onChange={(e) => setDraft({ ...draftFor(e.target.value as SurveyKind), name: draft.name, accentColor: draft.accentColor })}
            options={SURVEY_KINDS.map((k) => ({ value: k, label: SURVEY_KIND_INFO[k].label }))}
            hint={`Answers feed ${SURVEY_KIND_INFO[draft.kind].feeds} on the dashboards.`}
          />
        )}
        <InputField label="Name" value={draft.name} onChange={(e) => set("name", e.target.value)} hint="Only your team sees it." placeholder="After-delivery NPS" error={failure?.fieldErrors.name} />
        <TextareaField label="Question" rows={2} value={draft.question} onChange={(e) => set("question", e.target.value)} error={failure?.fieldErrors.question} />
        <InputField label="Follow-up (optional)" value={draft.followUp} onChange={(e) => set("followUp", e.target.value)} hint="Asked under the score, with a free-text answer." error={failure?.fieldErrors.followUp} />
        {draft.kind === "exit" && (
          <TextareaField label="Reasons, one per line" rows={6} value={draft.reasons} onChange={(e) => set("reasons", e.target.value)} hint="Respondents may also answer in their own words." error={failure?.fieldErrors.reasons} />
        )}
        <div className="flex items-end gap-3">
          <InputField label="Accent colour" value={draft.accentColor} onChange={(e) => set("accentColor", e.target.value)} className="font-mono" error={failure?.fieldErrors.accentColor} />
          <input type="color" aria-label="Pick the accent colour" value={preview.accentColor} onChange={(e) => set("accentColor", e.target.value)} className="mb-0.5 h-10 w-12 cursor-pointer rounded-lg border border-line" />
        </div>
        <div className="flex gap-2 pt-2">
          <Button type="submit" pending={pending}>
            {surveyId ? "Save changes" : "Create survey"}
          </Button>
          <Button variant="ghost" onClick={() => router.back()}>
            Cancel
          </Button>
        </div>
      </form>
      <div>
        <p className="mb-2 text-xs font-medium tracking-wide text-muted uppercase">Preview</p>
        <div inert className="overflow-hidden rounded-2xl border border-line" aria-label="Preview of the public page">
          <SurveyShell orgName={orgName} accentColor={preview.accentColor} embedded>
            <SurveyForm token="preview" survey={preview} embedded error={null} />
          </SurveyShell>
        </div>
      </div>
    </div>
  );
}
