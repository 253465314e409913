/** Page sizes shared by the server pages' prefetch and the client components: both must ask alike. */
export const CUSTOMER_SEARCH_LIMIT = 25;
export const CUSTOMER_PAGE_SIZE = 20;

/** A customer id may hold any character (it is the merchant's), so it is encoded into the path. */
export function customerHref(orgSlug: string, customerId: string): string {
  return `/${orgSlug}/customers/${encodeURIComponent(customerId)}`;
}
