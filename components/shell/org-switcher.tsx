"use client";

import Link from "next/link";
import { useCallback, useRef, useState } from "react";
import { useDismiss } from "@/components/ui/use-dismiss";

interface OrgOption {
  slug: string;
  name: string;
}

export function OrgSwitcher({ current, orgs }: { current: OrgOption; orgs: OrgOption[] }) {
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const ref = useRef<HTMLDivElement>(null);
  useDismiss(ref, open, close);
  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Organisation: ${current.name}. Switch organisation`}
        onClick={() => setOpen((v) => !v)}
        className="flex items-center gap-2 rounded-lg px-2 py-1.5 text-sm font-medium hover:bg-black/5"
      >
        <span className="text-muted" aria-hidden>
          /
        </span>
        <span className="max-w-[12rem] truncate">{current.name}</span>
        <svg viewBox="0 0 20 20" className="size-4 text-muted" aria-hidden>
          <path d="M6 8l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      </button>
      {open && (
        <div role="menu" className="absolute left-0 mt-2 w-64 rounded-xl border border-line bg-surface p-1 shadow-lg">
          {orgs.map((org) => (
            <Link
              key={org.slug}
              role="menuitem"
              href={`/${org.slug}`}
              aria-current={org.slug === current.slug ? "true" : undefined}
              className="flex items-center justify-between rounded-lg px-3 py-2 text-sm hover:bg-canvas aria-[current=true]:font-medium"
              onClick={() => setOpen(false)}
            >
              <span className="truncate">{org.name}</span>
              {org.slug === current.slug && <span className="text-brand-600">✓</span>}
            </Link>
          ))}
          <div className="my-1 border-t border-line" />
          <Link role="menuitem" href="/organizations/new" className="block rounded-lg px-3 py-2 text-sm text-brand-700 hover:bg-canvas" onClick={() => setOpen(false)}>
            + New organisation
          </Link>
        </div>
      )}
    </div>
  );
}
