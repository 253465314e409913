import { getDb } from "@/db";
import { HONEYPOT_FIELD } from "@/lib/surveys/kinds";
import { answerInput } from "@/lib/validation/surveys";
import { clientIp } from "@/server/auth/rate-limit";
import { readCappedBody } from "@/server/http/read-json";
import { submitAnswer } from "@/server/services/survey-answers";

const MAX_BODY_BYTES = 16 * 1024;

/**
 * The public page's form posts here. Every outcome is a redirect to a page a person can read: the
 * thank-you page, the form again with what to fix, or the link's own page when it is closed or broken.
 */
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const embedded = new URL(request.url).searchParams.get("embed") === "1";
  const back = (path: string, query: Record<string, string> = {}) => {
    const search = new URLSearchParams({ ...query, ...(embedded ? { embed: "1" } : {}) }).toString();
    return redirect(`/s/${encodeURIComponent(token)}${path}${search ? `?${search}` : ""}`);
  };
  const body = await readCapped(request, MAX_BODY_BYTES);
  if (body === null) return back("", { error: "answer" });
  const form = new URLSearchParams(body);
  const field = (name: string) => form.get(name) || undefined;
  const parsed = answerInput.safeParse({ score: field("score"), reason: field("reason"), comment: field("comment"), website: field(HONEYPOT_FIELD) });
  if (!parsed.success) return back("", { error: "answer" });
  const outcome = await submitAnswer(await getDb(), token, parsed.data, { ip: clientIp(request.headers) });
  if (outcome.ok) return back("/thanks");
  if (outcome.problem === "rate_limited") return back("", { error: "busy" });
  if (outcome.problem === "bad_answer") return back("", { error: "answer" });
  // Closed or broken: the link's page says so.
  return back("");
}

/** The form as text, or null when it is over the cap or not the urlencoded form the page sends. */
async function readCapped(request: Request, maxBytes: number): Promise<string | null> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") return null;
  const bytes = await readCappedBody(request, maxBytes);
  return bytes === null ? null : new TextDecoder().decode(bytes);
}

/**
 * 303: the browser follows with a GET, so a reload of the thank-you page never posts again. Relative,
 * so that it stays on whatever host and port the respondent reached (proxies, embeds).
 */
function redirect(path: string): Response {
  return new Response(null, { status: 303, headers: { Location: path, "Cache-Control": "no-store" } });
}
