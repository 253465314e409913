import { z } from "zod";
import type { Executor } from "@/db";
import { INDUSTRIES, slugify } from "@/lib/organization-options";
import { emailField } from "@/lib/validation/account";
import { createOrganizationInput } from "@/lib/validation/organization";
import { createUser, findUserByEmail } from "@/server/services/accounts";
import { createApiKey } from "@/server/services/api-keys";
import { createOrganization } from "@/server/services/organizations";
import { renameFieldErrors, validateInput, type CommandSpec } from "../command";

export interface CreateOrgArgs {
  name: string;
  ownerEmail: string;
  ownerPassword: string;
  slug?: string;
  currency?: string;
  timeZone?: string;
  industry?: string;
}

/** What an organisation gets when a flag is left out (the same as the database's column defaults). */
export const CREATE_ORG_DEFAULTS = { currency: "EUR", timeZone: "UTC", industry: "ecommerce" } as const;

const createOrgInput = createOrganizationInput.extend({
  ownerEmail: emailField,
  ownerPassword: z.string().min(1, { message: "Give the owner's password." }),
});

/**
 * Creates an organisation and, when the owner's email has no account yet, that account. An existing
 * account is reused as it is: its password is neither checked nor changed.
 */
export async function runCreateOrg(db: Executor, args: CreateOrgArgs) {
  const input = validateInput(createOrgInput, {
    name: args.name,
    slug: args.slug ?? slugify(args.name),
    currency: args.currency ?? CREATE_ORG_DEFAULTS.currency,
    timeZone: args.timeZone ?? CREATE_ORG_DEFAULTS.timeZone,
    industry: args.industry ?? CREATE_ORG_DEFAULTS.industry,
    ownerEmail: args.ownerEmail,
    ownerPassword: args.ownerPassword,
  });
  // One transaction: a refused organisation (taken slug) leaves no new account behind.
  return db.transaction(async (tx) => {
    const existing = await findUserByEmail(tx, input.ownerEmail);
    const owner =
      existing ??
      (await renameFieldErrors(
        createUser(tx, { name: input.ownerEmail.split("@")[0]!, email: input.ownerEmail, password: input.ownerPassword }),
        { email: "ownerEmail", password: "ownerPassword" },
      ));
    const org = await createOrganization(
      tx,
      { userId: owner.id, label: `cli (${owner.email})` },
      { name: input.name, slug: input.slug, currency: input.currency, timeZone: input.timeZone, industry: input.industry },
    );
    const actor = { userId: owner.id, label: `cli (${owner.email})` };
    const ingestKey = await createApiKey(tx, actor, org.id, { kind: "ingest", name: "Created with the organisation" });
    const secretKey = await createApiKey(tx, actor, org.id, { kind: "secret", name: "Created with the organisation" });
    return {
      orgId: org.id,
      slug: org.slug,
      ownerUserId: owner.id,
      ownerCreated: !existing,
      // Shown once: only their hashes are stored.
      apiKeys: { ingest: ingestKey.key, secret: secretKey.key },
    };
  });
}

export const createOrgCommand: CommandSpec<CreateOrgArgs, Awaited<ReturnType<typeof runCreateOrg>>> = {
  name: "create-org",
  summary: "Create an organisation, and its owner's account when the email has none",
  flags: [
    { name: "name", value: "<name>", description: "Organisation name", required: true },
    { name: "owner-email", value: "<email>", description: "Owner's email; an existing account is reused", required: true },
    {
      name: "owner-password",
      value: "<password>",
      description: "Password for a new owner account (ignored when the account exists)",
      required: true,
    },
    { name: "slug", value: "<slug>", description: "Address of the organisation (default: derived from the name)" },
    { name: "currency", value: "<code>", description: `ISO-4217 currency (default: ${CREATE_ORG_DEFAULTS.currency})` },
    { name: "time-zone", value: "<zone>", description: `IANA time zone (default: ${CREATE_ORG_DEFAULTS.timeZone})` },
    {
      name: "industry",
      value: "<industry>",
      description: `One of ${INDUSTRIES.join(", ")} (default: ${CREATE_ORG_DEFAULTS.industry})`,
    },
  ],
  run: runCreateOrg,
  notice: (result) =>
    result.ownerCreated
      ? undefined
      : "The owner's account already existed and was reused; --owner-password was ignored (use reset-password to change it).",
};
