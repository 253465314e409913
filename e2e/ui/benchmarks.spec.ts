import { expect, test } from "@playwright/test";
import { JOURNEY_KEYS } from "../../lib/dashboard/journey";
import { shoot, signInThroughApi, trpcCall } from "../support/accounts";

const DEMO = { slug: "demo", email: "demo@aftercart.local", password: "aftercart-demo-2026" };

test("an admin applies the journey preset and the journey table shows a status per metric; a bad threshold is explained", async ({ page, context }) => {
  await signInThroughApi(context.request, DEMO.email, DEMO.password);
  // The demo is shared with other specs and kept between local runs: start without journey targets.
  for (const metricKey of JOURNEY_KEYS) await trpcCall(context.request, "benchmark.delete", { orgSlug: DEMO.slug, metricKey });

  await page.goto(`/${DEMO.slug}/journey?range=90d`);
  const table = page.locator("[data-chart='Journey stages']");
  await expect(table.getByText("No target", { exact: true })).toHaveCount(6);
  await expect(table.getByText("6 of 6 metrics have no target yet")).toBeVisible();

  await page.getByRole("link", { name: "Benchmarks" }).click();
  await expect(page.getByRole("heading", { name: "Benchmarks", level: 1 })).toBeVisible();
  page.once("dialog", (d) => d.accept());
  await page.locator("[data-preset=journey]").getByRole("button", { name: "Apply 6 targets" }).click();
  await expect(page.getByText("Journey stages applied: 6 targets set.")).toBeVisible();
  await expect(page.getByTestId("target-welcome_call_booking_rate")).toHaveText(/Target ≥ 80 %/);

  // A warning on the wrong side of the target is refused with the rule, and nothing changes.
  await page.getByRole("button", { name: "Edit the target for Net Promoter Score" }).or(page.getByRole("button", { name: "Set the target for Net Promoter Score" })).click();
  const form = page.getByRole("form", { name: "Target for Net Promoter Score" });
  await form.getByLabel("Target (≥)").fill("50");
  await form.getByLabel("Warning threshold").fill("60");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText("the warning threshold must be at or below the target")).toBeVisible();
  await form.getByLabel("Warning threshold").fill("30");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("target-nps")).toHaveText(/Target ≥ 50.*warning ≥ 30/);
  await shoot(page, "benchmarks-settings");

  await page.goto(`/${DEMO.slug}/journey?range=90d`);
  await expect(table.getByText("No target", { exact: true })).toHaveCount(0);
  const statuses = await table.locator("tbody [data-benchmark-status]").evaluateAll((els) => els.map((e) => e.getAttribute("data-benchmark-status")));
  expect(statuses).toHaveLength(6);
  for (const s of statuses) expect(["on_track", "warning", "off_track", "no_data"]).toContain(s);
  expect(statuses.some((s) => s !== "no_data")).toBe(true);
  await shoot(page, "benchmarks-journey");

  // The voice page's NPS card carries its status and target, and its chart the target line's legend.
  await page.goto(`/${DEMO.slug}/voice?range=90d`);
  await expect(page.locator("[data-metric=nps]").first().getByText("Target ≥ 50")).toBeVisible();

  const log = await trpcCall(context.request, "audit.list", { orgSlug: DEMO.slug, action: "benchmark.preset_applied" }, "query");
  expect((log.data as { items: { targetId: string }[] }).items[0]!.targetId).toBe("journey");
});
