import { z } from "zod";
import { ROLES } from "../permissions";
import { emailField } from "./account";
import { INDUSTRIES, SLUG_PATTERN, isCurrencyCode, isTimeZone } from "../organization-options";

export const organizationSettingsInput = z.object({
  name: z.string().trim().min(2, { message: "Use at least 2 characters." }).max(80),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isCurrencyCode, { message: "Use an ISO-4217 currency code such as EUR or USD." }),
  timeZone: z.string().refine(isTimeZone, { message: "Choose a time zone from the list (IANA name, e.g. Europe/Berlin)." }),
  industry: z.enum(INDUSTRIES, { message: "Choose an industry." }),
});

export const slugField = z
  .string()
  .trim()
  .toLowerCase()
  .regex(SLUG_PATTERN, { message: "Use 1-48 lower-case letters, digits and dashes, not starting or ending with a dash." });

export const createOrganizationInput = organizationSettingsInput.extend({ slug: slugField });

export const roleField = z.enum(ROLES, { message: "Choose a role." });
export const inviteInput = z.object({ email: emailField, role: roleField });
