"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { cn } from "@/components/ui/cn";

/** The industry packs as tabs; the choice is a URL parameter beside the view's own. */
export function PackTabs({ packs, current, orgDefault }: { packs: { key: string; label: string }[]; current: string; orgDefault: string }) {
  const pathname = usePathname();
  const search = useSearchParams();
  const hrefOf = (key: string) => {
    const next = new URLSearchParams(search);
    if (key === orgDefault) next.delete("pack");
    else next.set("pack", key);
    const text = next.toString();
    return `${pathname}${text ? `?${text}` : ""}`;
  };
  return (
    <nav aria-label="Industry packs" className="flex flex-wrap gap-1 border-b border-line">
      {packs.map((p) => (
        <Link
          key={p.key}
          href={hrefOf(p.key)}
          scroll={false}
          aria-current={p.key === current ? "page" : undefined}
          className={cn("-mb-px border-b-2 px-3 py-2 text-sm", p.key === current ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-muted hover:text-ink")}
        >
          {p.label}
          {p.key === orgDefault && <span className="ml-1 text-xs text-muted">(yours)</span>}
        </Link>
      ))}
    </nav>
  );
}
