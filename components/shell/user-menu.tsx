"use client";

import Link from "next/link";
import { signOut } from "next-auth/react";
import { useCallback, useRef, useState } from "react";
import { useDismiss } from "@/components/ui/use-dismiss";

export function UserMenu({ user }: { user: { name: string | null; email: string } }) {
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const ref = useRef<HTMLDivElement>(null);
  useDismiss(ref, open, close);
  const initials = (user.name ?? user.email).split(/\s+/).map((p) => p[0]?.toUpperCase()).slice(0, 2).join("");
  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
        className="flex size-9 items-center justify-center rounded-full bg-brand-100 text-sm font-semibold text-brand-700"
        title={user.email}
      >
        {initials}
        <span className="sr-only">Account menu</span>
      </button>
      {open && (
        <div role="menu" className="absolute right-0 mt-2 w-60 rounded-xl border border-line bg-surface p-1 shadow-lg">
          <div className="px-3 py-2">
            <p className="truncate text-sm font-medium">{user.name ?? user.email}</p>
            <p className="truncate text-xs text-muted">{user.email}</p>
          </div>
          <div className="my-1 border-t border-line" />
          <Link role="menuitem" href="/account" className="block rounded-lg px-3 py-2 text-sm hover:bg-canvas" onClick={() => setOpen(false)}>
            Your account
          </Link>
          <Link role="menuitem" href="/organizations" className="block rounded-lg px-3 py-2 text-sm hover:bg-canvas" onClick={() => setOpen(false)}>
            Organisations
          </Link>
          <button
            role="menuitem"
            type="button"
            className="block w-full rounded-lg px-3 py-2 text-left text-sm hover:bg-canvas"
            onClick={() => signOut({ redirectTo: "/sign-in" })}
          >
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
