import { getDb } from "@/db";
import { answerInput } from "@/lib/validation/surveys";
import { clientIp } from "@/server/auth/rate-limit";
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
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return back("", { error: "answer" });
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return back("", { error: "answer" });
  }
  const field = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  const parsed = answerInput.safeParse({ score: field("score"), reason: field("reason"), comment: field("comment"), website: field("website") });
  if (!parsed.success) return back("", { error: "answer" });
  const outcome = await submitAnswer(await getDb(), token, parsed.data, { ip: clientIp(request.headers) });
  if (outcome.ok) return back("/thanks");
  if (outcome.problem === "rate_limited") return back("", { error: "busy" });
  if (outcome.problem === "bad_answer") return back("", { error: "answer" });
  // Closed or broken: the link's page says so.
  return back("");
}

/**
 * 303: the browser follows with a GET, so a reload of the thank-you page never posts again. Relative,
 * so that it stays on whatever host and port the respondent reached (proxies, embeds).
 */
function redirect(path: string): Response {
  return new Response(null, { status: 303, headers: { Location: path, "Cache-Control": "no-store" } });
}
