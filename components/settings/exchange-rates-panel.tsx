"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError, InputField } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { formNumber } from "@/lib/form-number";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";

/**
 * The exchange-rate table (events.md "Money"): an order in another currency converts at the latest
 * rate in force on its local date, else at the earliest rate; without any rate it is left out of money
 * metrics and counted as unconverted.
 */
export function ExchangeRatesPanel({ orgSlug, currency, canManage }: { orgSlug: string; currency: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: rates } = useSuspenseQuery(trpc.metricSettings.rates.queryOptions({ orgSlug }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.metricSettings.rates.queryKey({ orgSlug }) });
  const set = useMutation(trpc.metricSettings.setRate.mutationOptions({ onSuccess: () => refresh() }));
  const remove = useMutation(
    trpc.metricSettings.deleteRate.mutationOptions({
      onSuccess: () => (toast.success("Rate removed."), refresh()),
      onError: (error) => toast.error(describeClientError(error).message),
    }),
  );
  const failure = set.error ? describeClientError(set.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    set.mutate(
      {
        orgSlug,
        currency: String(form.get("currency") ?? ""),
        effectiveOn: String(form.get("effectiveOn") ?? ""),
        rate: formNumber(form.get("rate")) ?? Number.NaN,
      },
      {
        onSuccess: (saved) => {
          toast.success(`1 ${saved.currency} = ${saved.rate} ${currency} from ${saved.effectiveOn}.`);
          formElement.reset();
        },
      },
    );
  }

  return (
    <div>
      {canManage && (
        <form onSubmit={onSubmit} className="grid items-start gap-3 border-b border-line px-5 py-4 sm:grid-cols-[8rem_11rem_1fr_auto]" noValidate aria-label="Add a rate">
          <div className="sm:col-span-4">
            <FormError message={failure && Object.keys(failure.fieldErrors).length === 0 ? failure.message : null} />
          </div>
          <InputField label="Currency" name="currency" placeholder="USD" maxLength={3} autoComplete="off" error={failure?.fieldErrors.currency} />
          <InputField label="From (local date)" name="effectiveOn" type="date" error={failure?.fieldErrors.effectiveOn} />
          <InputField
            label={`Worth in ${currency}`}
            name="rate"
            inputMode="decimal"
            placeholder="0.92"
            hint={`How many ${currency} one unit is worth.`}
            error={failure?.fieldErrors.rate}
            autoComplete="off"
          />
          <Button type="submit" pending={set.isPending} className="sm:mt-6.5">
            Set rate
          </Button>
        </form>
      )}
      {rates.length === 0 ? (
        <EmptyState title="No exchange rates">
          Orders in {currency} need none. Orders in another currency are left out of revenue, AOV and CLV, and counted as unconverted, until
          their currency has a rate.
        </EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Currency</Th>
              <Th>From</Th>
              <Th className="text-right">Worth in {currency}</Th>
              {canManage && (
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              )}
            </tr>
          </thead>
          <tbody>
            {rates.map((r) => (
              <tr key={`${r.currency}@${r.effectiveOn}`}>
                <Td className="font-mono">{r.currency}</Td>
                <Td className="tabular-nums">{r.effectiveOn}</Td>
                <Td className="text-right tabular-nums">{r.rate}</Td>
                {canManage && (
                  <Td className="text-right">
                    <Button
                      size="sm"
                      variant="ghost"
                      className="text-danger-600"
                      aria-label={`Remove the ${r.currency} rate from ${r.effectiveOn}`}
                      pending={remove.isPending && remove.variables?.currency === r.currency && remove.variables?.effectiveOn === r.effectiveOn}
                      onClick={() => {
                        if (window.confirm(`Remove the ${r.currency} rate from ${r.effectiveOn}? Orders of those days convert at the rate before it.`)) {
                          remove.mutate({ orgSlug, currency: r.currency, effectiveOn: r.effectiveOn });
                        }
                      }}
                    >
                      Remove
                    </Button>
                  </Td>
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
