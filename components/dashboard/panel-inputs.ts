import type { inferRouterInputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Inputs = inferRouterInputs<AppRouter>["metric"];
export type SummaryInput = Inputs["summary"];
export type CommentsInput = Inputs["comments"];

/**
 * The comments read of a panel, derived from its summary read. Shared by the server prefetch and the
 * client hook: the two must build the same input, or the client would miss the cache and ask again.
 */
export function commentsInputOf(input: SummaryInput): CommentsInput {
  return { orgSlug: input.orgSlug, from: input.from, to: input.to, segment: input.segment, limit: 10 };
}
