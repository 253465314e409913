"use client";

import { COMMON_CURRENCIES, INDUSTRIES, INDUSTRY_LABELS } from "@/lib/organization-options";
import { SelectField } from "@/components/ui/field";

export interface OrganizationFieldValues {
  currency: string;
  timeZone: string;
  industry: string;
}

const timeZones = () => ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];

/** Currency, time zone and industry: the settings every metric reads, shared by create and edit. */
export function OrganizationSettingsFields({
  defaults,
  errors,
}: {
  defaults: OrganizationFieldValues;
  errors: Record<string, string[] | undefined>;
}) {
  const currencies = COMMON_CURRENCIES.includes(defaults.currency as (typeof COMMON_CURRENCIES)[number])
    ? COMMON_CURRENCIES
    : [defaults.currency, ...COMMON_CURRENCIES];
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <SelectField
        label="Currency"
        name="currency"
        defaultValue={defaults.currency}
        options={currencies.map((c) => ({ value: c, label: c }))}
        error={errors.currency}
        hint="Money metrics are reported in it."
      />
      <SelectField
        label="Time zone"
        name="timeZone"
        defaultValue={defaults.timeZone}
        options={timeZones().map((z) => ({ value: z, label: z.replaceAll("_", " ") }))}
        error={errors.timeZone}
        hint="Days and months are cut in it."
      />
      <SelectField
        label="Industry"
        name="industry"
        defaultValue={defaults.industry}
        options={INDUSTRIES.map((i) => ({ value: i, label: INDUSTRY_LABELS[i] }))}
        error={errors.industry}
        hint="Picks the default views."
      />
    </div>
  );
}

export function readOrganizationSettings(form: FormData) {
  return {
    name: String(form.get("name") ?? ""),
    currency: String(form.get("currency") ?? ""),
    timeZone: String(form.get("timeZone") ?? ""),
    industry: String(form.get("industry") ?? "") as (typeof INDUSTRIES)[number],
  };
}
