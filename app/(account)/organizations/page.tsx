import Link from "next/link";
import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { INDUSTRY_LABELS } from "@/lib/organization-options";
import { ROLE_LABELS } from "@/lib/permissions";
import { api } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Organisations" };

export default async function OrganizationsPage() {
  const orgs = await api.organization.list();
  return (
    <Card>
      <CardHeader
        title="Your organisations"
        action={
          <Link href="/organizations/new" className={buttonClasses("primary", "sm")}>
            New organisation
          </Link>
        }
      />
      {orgs.length === 0 ? (
        <EmptyState title="You are not in any organisation yet">
          Create one for your shop, or open the invitation link a colleague sent you.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-line">
          {orgs.map((org) => (
            <li key={org.id}>
              <Link href={`/${org.slug}`} className="flex items-center justify-between gap-3 px-5 py-4 hover:bg-canvas">
                <span>
                  <span className="block font-medium">{org.name}</span>
                  <span className="text-sm text-muted">
                    /{org.slug} · {INDUSTRY_LABELS[org.industry]}
                  </span>
                </span>
                <Badge tone={org.role === "owner" ? "brand" : "neutral"}>{ROLE_LABELS[org.role]}</Badge>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
