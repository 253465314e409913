"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { cn } from "@/components/ui/cn";

export interface NavItem {
  href: string;
  label: string;
  /** Also active on pages below it (a customer profile under Customers). */
  prefix?: boolean;
  /** A dashboard page: the link keeps the range, interval and segment on screen. */
  keepView?: boolean;
}

export function SideNav({ sections }: { sections: { title?: string; items: NavItem[] }[] }) {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  return (
    <nav aria-label="Organisation" className="flex gap-1 overflow-x-auto md:flex-col md:gap-5">
      {sections.map((section, i) => (
        <div key={section.title ?? i} className="flex gap-1 md:flex-col">
          {section.title && <p className="hidden px-3 pb-1 text-xs font-medium uppercase tracking-wide text-muted md:block">{section.title}</p>}
          {section.items.map((item) => {
            const active = pathname === item.href || (item.prefix === true && pathname.startsWith(`${item.href}/`));
            return (
              <Link
                key={item.href}
                href={item.keepView && search ? `${item.href}?${search}` : item.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "whitespace-nowrap rounded-lg px-3 py-2 text-sm",
                  active ? "bg-brand-50 font-medium text-brand-700" : "text-ink hover:bg-black/5",
                )}
              >
                {item.label}
              </Link>
            );
          })}
        </div>
      ))}
    </nav>
  );
}
