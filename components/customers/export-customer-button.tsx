"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";

/** A file name that any system accepts, whatever characters the merchant's id holds. */
export function exportFileName(customerId: string, now = new Date()): string {
  const safe = customerId.replace(/[^\w.-]+/g, "_").slice(0, 64) || "customer";
  return `customer-${safe}-${now.toISOString().slice(0, 10)}.json`;
}

export function ExportCustomerButton({ orgSlug, customerId }: { orgSlug: string; customerId: string }) {
  const trpc = useTRPC();
  const exportCustomer = useMutation(trpc.customer.export.mutationOptions());
  const [pending, setPending] = useState(false);
  const download = async () => {
    setPending(true);
    try {
      const data = await exportCustomer.mutateAsync({ orgSlug, customerId });
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = exportFileName(customerId);
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
      toast.success(`Exported ${count(data.events.length, "event")}, ${count(data.orders.length, "order")} and ${count(data.surveyResponses.length, "survey response")}.`);
    } catch (error) {
      toast.error(describeClientError(error).message);
    } finally {
      setPending(false);
    }
  };
  return (
    <Button variant="secondary" pending={pending} onClick={() => void download()}>
      Export JSON
    </Button>
  );
}
