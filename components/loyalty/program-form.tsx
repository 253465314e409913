"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, InputField } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import { formNumber } from "@/lib/form-number";
import { MAX_TIERS, type LoyaltyProgramInput } from "@/lib/validation/loyalty";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";

const STARTER: LoyaltyProgramInput = {
  name: "Rewards",
  pointsPerCurrencyUnit: 1,
  signUpBonus: 100,
  referralBonus: 250,
  reviewBonus: 50,
  pointValue: 0.02,
  tiers: [
    { name: "Bronze", threshold: 0 },
    { name: "Silver", threshold: 1000 },
    { name: "Gold", threshold: 5000 },
  ],
  deriveFromOrders: false,
};

type TierDraft = { name: string; threshold: string };

/** Defines the programme (admins); others see the rules read-only. */
export function ProgramForm({ orgSlug, currency, program, canEdit }: { orgSlug: string; currency: string; program: LoyaltyProgramInput | null; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const initial = program ?? STARTER;
  const [tiers, setTiers] = useState<TierDraft[]>(initial.tiers.map((t) => ({ name: t.name, threshold: String(t.threshold) })));
  const save = useMutation(
    trpc.loyalty.save.mutationOptions({
      onSuccess: () => {
        toast.success("Loyalty programme saved.");
        void queryClient.invalidateQueries({ queryKey: trpc.loyalty.pathKey() });
        // The page shows the report once a programme exists: let the server render it.
        router.refresh();
      },
    }),
  );
  const failure = save.error ? describeClientError(save.error) : null;
  const fieldError = (name: string) => failure?.fieldErrors[name];

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const number = (name: string) => formNumber(form.get(name)) ?? Number.NaN;
    save.mutate({
      orgSlug,
      name: String(form.get("name") ?? ""),
      pointsPerCurrencyUnit: number("pointsPerCurrencyUnit"),
      signUpBonus: number("signUpBonus"),
      referralBonus: number("referralBonus"),
      reviewBonus: number("reviewBonus"),
      pointValue: number("pointValue"),
      tiers: tiers.map((t) => ({ name: t.name, threshold: formNumber(t.threshold) ?? Number.NaN })),
      deriveFromOrders: form.get("deriveFromOrders") === "on",
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5" aria-label="Loyalty programme">
      <FormError message={failure && Object.keys(failure.fieldErrors).length === 0 ? failure.message : null} />
      <fieldset disabled={!canEdit} className="space-y-5">
        <div className="grid gap-4 sm:grid-cols-2">
          <InputField label="Programme name" name="name" defaultValue={initial.name} error={fieldError("name")} />
          <InputField label={`Points per ${currency} spent`} name="pointsPerCurrencyUnit" inputMode="decimal" defaultValue={initial.pointsPerCurrencyUnit} error={fieldError("pointsPerCurrencyUnit")} hint="On the order's net amount, rounded down per order." />
          <InputField label={`Value of one point (${currency})`} name="pointValue" inputMode="decimal" defaultValue={initial.pointValue} error={fieldError("pointValue")} hint="What a point is worth when redeemed: the liability's price." />
          <InputField label="Sign-up bonus (points)" name="signUpBonus" inputMode="numeric" defaultValue={initial.signUpBonus} error={fieldError("signUpBonus")} />
          <InputField label="Referral bonus (points)" name="referralBonus" inputMode="numeric" defaultValue={initial.referralBonus} error={fieldError("referralBonus")} hint="Per referral.converted the member made." />
          <InputField label="Review bonus (points)" name="reviewBonus" inputMode="numeric" defaultValue={initial.reviewBonus} error={fieldError("reviewBonus")} hint="Per review.submitted." />
        </div>
        <div>
          <p className="mb-2 text-sm font-medium">Tiers (by lifetime points earned)</p>
          <FormError message={fieldError("tiers")?.join(" ")} />
          <ul className="space-y-2">
            {tiers.map((tier, i) => (
              <li key={i} className="grid grid-cols-[1fr_9rem_auto] items-end gap-2">
                <InputField label={`Tier ${i + 1} name`} value={tier.name} onChange={(e) => setTiers(tiers.map((t, j) => (j === i ? { ...t, name: e.target.value } : t)))} />
                <InputField label="From points" inputMode="numeric" value={tier.threshold} onChange={(e) => setTiers(tiers.map((t, j) => (j === i ? { ...t, threshold: e.target.value } : t)))} />
                <Button variant="ghost" className="text-danger-600" aria-label={`Remove tier ${tier.name || i + 1}`} onClick={() => setTiers(tiers.filter((_, j) => j !== i))}>
                  Remove
                </Button>
              </li>
            ))}
          </ul>
          {tiers.length < MAX_TIERS && (
            <Button variant="secondary" size="sm" className="mt-2" onClick={() => setTiers([...tiers, { name: "", threshold: "" }])}>
              Add tier
            </Button>
          )}
        </div>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="deriveFromOrders" defaultChecked={initial.deriveFromOrders} className="mt-0.5 size-4 accent-brand-600" />
          <span>
            <span className="font-medium">Derive points from orders by these rules</span>
            <span className="block text-muted">
              For shops that do not send loyalty.points_earned: members (from loyalty.enrolled) earn on the orders they place after enrolling, plus the bonuses.
              Redemptions and expiries still come from their events.
            </span>
          </span>
        </label>
      </fieldset>
      {canEdit && (
        <Button type="submit" pending={save.isPending}>
          Save programme
        </Button>
      )}
    </form>
  );
}
