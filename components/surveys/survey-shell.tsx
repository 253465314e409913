import type { CSSProperties, ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/**
 * The frame of every public survey page: the merchant's name and accent colour, no Aftercart chrome
 * beyond a small credit, a single readable column. `embedded` drops the page margins for iframes.
 */
export function SurveyShell({ orgName, accentColor, embedded, children }: { orgName: string; accentColor: string; embedded: boolean; children: ReactNode }) {
  return (
    <div style={{ "--accent": accentColor } as CSSProperties} className={cn("flex flex-col items-center", embedded ? "bg-surface p-4" : "min-h-dvh bg-canvas px-4 py-8 sm:py-14")}>
      <main className={cn("w-full max-w-xl", !embedded && "rounded-2xl border border-line bg-surface p-5 shadow-xs sm:p-8")}>
        <div className="mb-5 h-1.5 w-12 rounded-full bg-(--accent)" aria-hidden />
        <p className="mb-1 text-sm font-medium text-muted">{orgName}</p>
        {children}
      </main>
      {!embedded && <p className="mt-6 text-xs text-muted">Survey by Aftercart · your answer goes to {orgName}</p>}
    </div>
  );
}

/** A closed or broken link: a friendly page that says what happened, never an error screen. */
export function SurveyNotice({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight text-balance">{title}</h1>
      <p className="mt-2 text-sm text-muted">{children}</p>
    </>
  );
}
