/** Plain-language lines for an audit entry's before/after: "currency: EUR → USD". */
export function describeChanges(before: unknown, after: unknown): string[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.flatMap((key) => {
    const from = b[key];
    const to = a[key];
    if (JSON.stringify(from) === JSON.stringify(to)) return [];
    if (from === undefined) return [`${key}: ${show(to)}`];
    if (to === undefined) return [`${key}: ${show(from)} (removed)`];
    return [`${key}: ${show(from)} → ${show(to)}`];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === null) return "none";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "organization.created": "Organisation created",
  "billing.checkout_started": "Checkout started",
  "billing.plan_change_requested": "Plan change requested",
  "billing.cancel_requested": "Cancellation requested",
  "billing.resume_requested": "Cancellation withdrawn",
  "billing.subscription_changed": "Subscription changed (Stripe)",
  "billing.payment_failed": "Payment failed (Stripe)",
  "billing.payment_recovered": "Payment recovered (Stripe)",
  "organization.updated": "Settings changed",
  "organization.metric_settings_updated": "Metric settings changed",
  "exchange_rate.set": "Exchange rate set",
  "exchange_rate.deleted": "Exchange rate removed",
  "benchmark.set": "Target set",
  "benchmark.deleted": "Target removed",
  "benchmark.preset_applied": "Target preset applied",
  "survey.created": "Survey created",
  "survey.updated": "Survey changed",
  "survey.closed": "Survey closed",
  "survey.reopened": "Survey reopened",
  "survey.links_created": "Survey links created",
  "loyalty_program.created": "Loyalty programme defined",
  "loyalty_program.updated": "Loyalty programme changed",
  "widget.created": "Widget created",
  "widget.updated": "Widget changed",
  "widget.deleted": "Widget deleted",
  "widget.share_token_created": "Widget link created",
  "widget.share_token_revoked": "Widget link revoked",
  "embed_secret.created": "Embed secret created",
  "embed_secret.rotated": "Embed secret rotated",
  "member.joined": "Member joined",
  "member.left": "Member left",
  "member.removed": "Member removed",
  "member.role_changed": "Role changed",
  "invitation.created": "Invitation sent",
  "invitation.revoked": "Invitation withdrawn",
  "api_key.created": "API key created",
  "api_key.revoked": "API key revoked",
  "track_mapping.set": "Event name mapped",
  "track_mapping.deleted": "Event name mapping removed",
  "customer.erased": "Customer data erased",
  "import.started": "Import started",
  "import.canceled": "Import canceled",
  "import.restarted": "Import restarted",
  "demo.data_load_started": "Demo data load started",
  "demo.data_loaded": "Demo data loaded",
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}
