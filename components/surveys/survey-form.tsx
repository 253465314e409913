import { HONEYPOT_FIELD, SURVEY_KIND_INFO, scoresOf, type PublicSurvey } from "@/lib/surveys/kinds";

const choice =
  "flex min-h-12 cursor-pointer items-center justify-center rounded-xl border border-line bg-surface text-base font-semibold tabular-nums transition-colors select-none hover:border-(--accent) has-checked:border-(--accent) has-checked:bg-(--accent) has-checked:text-white has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-(--accent)";

/**
 * The answer form as plain HTML: it works before (and without) any JavaScript, which on a phone on a
 * slow network is the difference between an answer and none. The browser holds back a submit without
 * a score (`required`), so a typed comment is never lost to a round trip.
 */
export function SurveyForm({ token, survey, embedded, error }: { token: string; survey: PublicSurvey; embedded: boolean; error: string | null }) {
  const info = SURVEY_KIND_INFO[survey.kind];
  const scores = scoresOf(survey.kind);
  return (
    <form method="post" action={`/s/${token}/answer${embedded ? "?embed=1" : ""}`} className="space-y-6">
      {error && (
        <p role="alert" className="rounded-lg border border-danger-600/30 bg-danger-50 px-3 py-2 text-sm text-danger-600">
          {error}
        </p>
      )}
      <fieldset>
        <legend className="mb-4 text-xl font-semibold tracking-tight text-balance">{survey.question}</legend>
        {info.scale ? (
          <>
            <div className={scores.length > 7 ? "grid grid-cols-6 gap-2 sm:grid-cols-11" : scores.length > 5 ? "grid grid-cols-7 gap-2" : "grid grid-cols-5 gap-2"}>
              {scores.map((score) => (
                <label key={score} className={choice}>
                  <input type="radio" name="score" value={score} required className="sr-only" aria-label={`${score}${score === info.scale!.min ? ` (${info.scale!.low})` : score === info.scale!.max ? ` (${info.scale!.high})` : ""}`} />
                  <span aria-hidden>{score}</span>
                </label>
              ))}
            </div>
            <div className="mt-2 flex justify-between text-xs text-muted" aria-hidden>
              <span>{info.scale.low}</span>
              <span>{info.scale.high}</span>
            </div>
          </>
        ) : (
          <div className="grid gap-2">
            {survey.reasons.map((reason) => (
              <label key={reason} className={`${choice} justify-start px-4 text-left text-sm font-medium`}>
                <input type="radio" name="reason" value={reason} className="sr-only" />
                {reason}
              </label>
            ))}
          </div>
        )}
      </fieldset>
      {/* Exit surveys always take an answer in the respondent's own words, follow-up question or not. */}
      {(survey.followUp || survey.kind === "exit") && (
        <div className="space-y-2">
          <label htmlFor="comment" className="block text-sm font-medium">
            {survey.followUp ?? "Or tell us in your own words"}
          </label>
          <textarea
            id="comment"
            name="comment"
            rows={3}
            maxLength={2000}
            className="block w-full rounded-xl border border-line px-3 py-2.5 text-base focus:border-(--accent) focus:outline-none"
          />
        </div>
      )}
      {/* For bots only: people never see it; an answer that fills it is thanked and dropped. A name no
          browser or password manager autofills, so that a real answer is never taken for a bot's. */}
      <div aria-hidden className="absolute -left-[9999px] h-px w-px overflow-hidden">
        <label>
          Leave this empty
          <input type="text" name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" />
        </label>
      </div>
      <button type="submit" className="h-12 w-full rounded-xl bg-(--accent) text-base font-semibold text-white hover:opacity-90 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-(--accent)">
        Send answer
      </button>
    </form>
  );
}
