/** The command-line options of a benchmark against a running demo (`npm run demo`): where, how often, as whom. */
export const DEMO_BENCH_OPTIONS = {
  url: { type: "string", default: process.env.BENCH_URL ?? "http://localhost:3000" },
  runs: { type: "string", default: "10" },
  org: { type: "string", default: "demo" },
  email: { type: "string", default: "demo@aftercart.local" },
  password: { type: "string", default: "aftercart-demo-2026" },
} as const;

/**
 * Signs a benchmark in to a running Aftercart through Auth.js and keeps its cookies: a tiny jar,
 * since Auth.js answers with cookies the next request must send.
 */
export function appSession(base: string) {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  return {
    cookie,
    async signIn(email: string, password: string) {
      const csrf = await fetch(`${base}/api/auth/csrf`);
      keep(csrf);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const response = await fetch(`${base}/api/auth/callback/credentials`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
        body: new URLSearchParams({ csrfToken, email, password, redirect: "false" }),
        redirect: "manual",
      });
      keep(response);
      if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in as ${email} failed (${response.status}): is the demo running at ${base}?`);
    },
    /** A tRPC mutation over HTTP, as the app's client sends it (superjson envelope). */
    async mutate<T>(path: string, input: unknown): Promise<T> {
      const response = await fetch(`${base}/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json", cookie: cookie() }, body: JSON.stringify({ json: input }) });
      const body = (await response.json()) as { result?: { data: { json: T } }; error?: unknown };
      if (!body.result) throw new Error(`${path} failed: ${JSON.stringify(body.error)}`);
      return body.result.data.json;
    },
  };
}
