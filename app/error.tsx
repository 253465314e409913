"use client";

import { Button } from "@/components/ui/button";

// Shown for unexpected errors only; the message is never the server's (it may hold internals).
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-[60dvh] flex-col items-center justify-center gap-3 px-6 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong on our side.</h1>
      <p className="text-muted">Try again. If it keeps happening, send us this reference: {error.digest ?? "none"}.</p>
      <Button onClick={reset}>Try again</Button>
    </main>
  );
}
