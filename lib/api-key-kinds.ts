export type ApiKeyKind = "ingest" | "secret";

/** What each kind of key may do, in the words the settings page and the docs use. */
export const API_KEY_KINDS: Record<ApiKeyKind, { label: string; prefix: string; summary: string; description: string }> = {
  ingest: {
    label: "Ingest",
    prefix: "ac_pub_",
    summary: "Write-only: sends events.",
    description: "Write-only: it can send events and nothing else, so it is safe in a browser or a mobile app.",
  },
  secret: {
    label: "Secret",
    prefix: "ac_sec_",
    summary: "Reads, exports and erases data.",
    description: "Reads metrics and customers, exports and erases customer data. Keep it on your servers, never in a browser.",
  },
};
