import { expect, test } from "@playwright/test";
import { PASSWORD, shoot, signUpAndSignIn, uniqueEmail } from "../support/accounts";

test("a wrong password and an unknown email get the same answer", async ({ page }) => {
  const { email } = await signUpAndSignIn(await page.context().browser()!.newContext());
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  // Next adds its own role=alert route announcer, so the form's message is found by its text.
  const message = page.getByText("That email and password do not match an account.");
  await expect(message).toBeVisible();
  await shoot(page, "sign-in-error");
  await page.getByLabel("Email").fill(uniqueEmail("nobody"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(message).toBeVisible();
});

test("a forgotten password is reset through the emailed link (shown on screen in demo mode)", async ({ browser, page }) => {
  const { email } = await signUpAndSignIn(await browser.newContext());
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await shoot(page, "forgot-password-sent");
  await page.getByRole("link", { name: "open the reset link" }).click();
  await page.getByLabel("New password").fill("new harbour kettle 77");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/sign-in\?reset=1/);
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That email and password do not match an account.")).toBeVisible();
  await page.getByLabel("Password").fill("new harbour kettle 77");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/organizations\/new$/);
});

test("pages of the app send a signed-out visitor to sign-in and back", async ({ page }) => {
  await page.goto("/some-shop/settings/members");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsome-shop%2Fsettings%2Fmembers/);
});
