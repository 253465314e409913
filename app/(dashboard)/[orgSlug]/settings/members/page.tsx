import type { Metadata } from "next";
import { Suspense } from "react";
import { redirect } from "next/navigation";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { InvitationsPanel } from "@/components/settings/invitations-panel";
import { MembersTable } from "@/components/settings/members-table";
import { can } from "@/lib/permissions";
import { api, getQueryClient, HydrateClient, orPage, trpc } from "@/lib/trpc/server";
import { getSessionUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  const org = await orPage(api.organization.get({ orgSlug }));
  const canManage = can(org.role, "members.manage");
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.member.list.queryOptions({ orgSlug })),
    canManage ? queryClient.prefetchQuery(trpc.invitation.list.queryOptions({ orgSlug })) : null,
  ]);
  return (
    <HydrateClient>
      <PageHeader title="Members" description="Who can see this organisation, and what each of them may do." />
      <div className="space-y-6">
        {canManage && (
          <Card>
            <CardHeader title="Invite people" description="They get a link that works once, for the address you enter." />
            <Suspense>
              <InvitationsPanel orgSlug={org.slug} viewerRole={org.role} />
            </Suspense>
          </Card>
        )}
        <Card>
          <CardHeader title="Team" />
          <Suspense>
            <MembersTable orgSlug={org.slug} currentUserId={user.id} viewerRole={org.role} canManage={canManage} />
          </Suspense>
        </Card>
      </div>
    </HydrateClient>
  );
}
