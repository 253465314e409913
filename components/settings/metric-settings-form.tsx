"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, InputField } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import { formNumber } from "@/lib/form-number";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";
import { CheckoutStepsEditor } from "./checkout-steps-editor";

export function MetricSettingsForm({ orgSlug, canEdit }: { orgSlug: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { data: settings } = useSuspenseQuery(trpc.metricSettings.get.queryOptions({ orgSlug }));
  const [steps, setSteps] = useState(settings.checkoutSteps);
  const update = useMutation(
    trpc.metricSettings.update.mutationOptions({
      onSuccess: async () => {
        toast.success("Metric settings saved. Every metric reads them from now on.");
        await queryClient.invalidateQueries({ queryKey: trpc.metricSettings.get.queryKey({ orgSlug }) });
        router.refresh();
      },
    }),
  );
  const failure = update.error ? describeClientError(update.error) : null;
  const errors = failure?.fieldErrors ?? {};

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const control = String(form.get("controlVariant") ?? "").trim();
    update.mutate({
      orgSlug,
      churnWindowDays: formNumber(form.get("churnWindowDays")) ?? Number.NaN,
      abandonmentWindowHours: formNumber(form.get("abandonmentWindowHours")) ?? Number.NaN,
      checkoutSteps: steps,
      supportContactCost: formNumber(form.get("supportContactCost")),
      clvLifespanYears: formNumber(form.get("clvLifespanYears")),
      controlVariant: control === "" ? null : control,
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-6" noValidate aria-label="Metric settings">
      <fieldset disabled={!canEdit} className="min-w-0 space-y-6">
        <FormError message={failure && Object.keys(errors).length === 0 ? failure.message : null} />
        <div className="grid gap-4 sm:grid-cols-2">
          <InputField
            label="Churn window (days)"
            name="churnWindowDays"
            type="number"
            inputMode="numeric"
            min={1}
            max={3650}
            defaultValue={settings.churnWindowDays}
            error={errors.churnWindowDays}
            hint="A customer with no order in this many days (and no live subscription) is no longer alive. Retention, churn and the customer base use it."
          />
          <InputField
            label="Abandonment window (hours)"
            name="abandonmentWindowHours"
            type="number"
            inputMode="numeric"
            min={1}
            max={720}
            defaultValue={settings.abandonmentWindowHours}
            error={errors.abandonmentWindowHours}
            hint="A checkout not completed this long after it started is abandoned."
          />
          <InputField
            label={`Cost of one support contact (${settings.currency})`}
            name="supportContactCost"
            type="number"
            inputMode="decimal"
            min={0}
            step="any"
            defaultValue={settings.supportContactCost ?? ""}
            placeholder="Not set"
            error={errors.supportContactCost}
            hint="Prices the WISMO and WISMR contacts. Leave empty to show counts only."
          />
          <InputField
            label="Customer lifespan for CLV (years)"
            name="clvLifespanYears"
            type="number"
            inputMode="decimal"
            min={0.1}
            max={100}
            step="any"
            defaultValue={settings.clvLifespanYears ?? ""}
            placeholder="From churn"
            error={errors.clvLifespanYears}
            hint="Leave empty to derive it from the churn rate (1 / annual churn)."
          />
          <InputField
            label="A/B control variant"
            name="controlVariant"
            defaultValue={settings.controlVariant ?? ""}
            placeholder="The variant with the most checkouts"
            error={errors.controlVariant}
            hint="The variant the others are tested against, exactly as your checkout events name it."
            autoComplete="off"
          />
        </div>
        <CheckoutStepsEditor steps={steps} onChange={setSteps} error={errors.checkoutSteps} disabled={!canEdit} />
      </fieldset>
      {canEdit ? (
        <Button type="submit" pending={update.isPending}>
          Save metric settings
        </Button>
      ) : (
        <p className="text-sm text-muted">Only admins and owners can change these settings.</p>
      )}
    </form>
  );
}
