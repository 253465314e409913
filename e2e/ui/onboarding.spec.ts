import { expect, test } from "@playwright/test";
import { PASSWORD, shoot, trpcCall, uniqueEmail } from "../support/accounts";

test("a new merchant signs up, creates an organisation, invites a colleague who accepts as a viewer", async ({ browser, page }) => {
  // Any console error fails the test, except the two this test provokes on purpose: the 400 of the
  // weak password and the 404 of the audit log opened as a viewer.
  const consoleErrors: string[] = [];
  const expected = (text: string, url: string) => text.includes("status of 400") || (text.includes("status of 404") && url.endsWith("/settings/audit"));
  const watch = (p: typeof page) =>
    p.on("console", (m) => {
      if (m.type() === "error" && !expected(m.text(), m.location().url)) consoleErrors.push(`${m.text()} at ${m.location().url}`);
    });
  watch(page);
  const ownerEmail = uniqueEmail("owner");
  const colleagueEmail = uniqueEmail("colleague");

  await page.goto("/");
  await shoot(page, "landing");
  await page.getByRole("link", { name: "Create an account" }).first().click();

  // A weak password is refused with a message beside the field.
  await page.getByLabel("Your name").fill("Olivia Owner");
  await page.getByLabel("Work email").fill(ownerEmail);
  await page.getByLabel("Password").fill("password123");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText(/too easy to guess|at least 10/i)).toBeVisible();
  await shoot(page, "sign-up-weak-password");

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/organizations\/new$/);

  await page.getByLabel("Organisation name").fill("Green Threads");
  await expect(page.getByLabel("Address")).toHaveValue("green-threads");
  const slug = `green-threads-${Date.now().toString(36)}`;
  await page.getByLabel("Address").fill(slug);
  await page.getByLabel("Currency").selectOption("EUR");
  await page.getByLabel("Time zone").selectOption("Europe/Berlin");
  await shoot(page, "create-organisation");
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await expect(page.getByRole("heading", { name: "Green Threads" })).toBeVisible();
  await shoot(page, "organisation-home");

  await page.getByRole("link", { name: "Members" }).click();
  await page.getByLabel("Email").fill(colleagueEmail);
  await page.getByLabel("Role").selectOption("viewer");
  await page.getByRole("button", { name: "Invite" }).click();
  const link = await page.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/invite\/[\w-]{40,}$/);
  await expect(page.getByRole("cell", { name: colleagueEmail })).toBeVisible();
  await shoot(page, "members-with-invitation");

  // The colleague opens the link in another browser, creates an account and joins.
  const colleagueContext = await browser.newContext();
  const colleague = await colleagueContext.newPage();
  watch(colleague);
  await colleague.goto(new URL(link).pathname);
  await expect(colleague.getByText(/invited/)).toContainText("Green Threads");
  await shoot(colleague, "invitation-signed-out");
  await colleague.getByRole("link", { name: "Create an account to accept" }).click();
  await colleague.getByLabel("Your name").fill("Colin Colleague");
  await expect(colleague.getByLabel("Work email")).toHaveValue(colleagueEmail);
  await colleague.getByLabel("Password").fill(PASSWORD);
  await colleague.getByRole("button", { name: "Create account" }).click();
  await expect(colleague.getByRole("button", { name: "Join Green Threads" })).toBeVisible();
  await shoot(colleague, "invitation-accept");
  await colleague.getByRole("button", { name: "Join Green Threads" }).click();
  await expect(colleague).toHaveURL(new RegExp(`/${slug}$`));
  await expect(colleague.getByText("Viewer", { exact: true })).toBeVisible();

  // What a viewer can and cannot do.
  await expect(colleague.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await colleague.getByRole("link", { name: "Members" }).click();
  await expect(colleague.getByRole("heading", { name: "Invite people" })).toHaveCount(0);
  await expect(colleague.getByRole("combobox", { name: /Role of/ })).toHaveCount(0);
  await shoot(colleague, "members-as-viewer");
  await colleague.getByRole("link", { name: "General" }).click();
  await expect(colleague.getByText("Only admins and owners can change these settings.")).toBeVisible();
  await expect(colleague.getByLabel("Name")).toBeDisabled();
  await expect(colleague.getByRole("button", { name: "Delete organisation" })).toHaveCount(0);
  await shoot(colleague, "settings-as-viewer");
  const forbidden = await trpcCall(colleagueContext.request, "organization.update", {
    orgSlug: slug,
    name: "Hijacked",
    currency: "USD",
    timeZone: "UTC",
    industry: "saas",
  });
  expect(forbidden.status).toBe(403);
  const auditRead = await colleague.goto(`/${slug}/settings/audit`);
  expect(auditRead?.status()).toBe(404);

  // The owner sees the join in the audit log.
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("cell", { name: "Member joined" })).toBeVisible();
  await shoot(page, "audit-log");

  // On a phone the navigation stays reachable.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/${slug}/settings/members`);
  await expect(page.getByRole("navigation", { name: "Organisation" }).getByRole("link", { name: "Audit log" })).toBeVisible();
  await shoot(page, "members-mobile");

  // The invitation link is spent.
  await colleague.goto(new URL(link).pathname);
  await expect(colleague.getByRole("heading", { name: "This invitation has already been used" })).toBeVisible();
  await colleagueContext.close();
  expect(consoleErrors).toEqual([]);
});
