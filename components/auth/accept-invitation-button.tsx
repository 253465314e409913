"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";

export function AcceptInvitationButton({ token, orgName }: { token: string; orgName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(
    trpc.invitation.accept.mutationOptions({
      onSuccess: ({ slug }) => {
        router.replace(`/${slug}`);
        router.refresh();
      },
    }),
  );
  return (
    <div className="space-y-3">
      <FormError message={accept.error ? describeClientError(accept.error).message : null} />
      <Button className="w-full" pending={accept.isPending || accept.isSuccess} onClick={() => accept.mutate({ token })}>
        Join {orgName}
      </Button>
    </div>
  );
}
