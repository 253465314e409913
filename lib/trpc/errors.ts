import { TRPCClientError } from "@trpc/client";

export interface ClientErrorView {
  message: string;
  fieldErrors: Record<string, string[] | undefined>;
  code: string | null;
}

/** What a form shows for a failed call: a sentence for the top and messages beside fields. */
export function describeClientError(error: unknown): ClientErrorView {
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: string; fieldErrors?: Record<string, string[] | undefined> | null } | undefined;
    const fieldErrors = data?.fieldErrors ?? {};
    const hasFieldErrors = Object.values(fieldErrors).some((v) => v?.length);
    const message =
      data?.code === "BAD_REQUEST" && hasFieldErrors && Object.keys(fieldErrors).length > 1
        ? "Check the highlighted fields."
        : error.message;
    return { message, fieldErrors, code: data?.code ?? null };
  }
  return { message: "Could not reach Aftercart. Check your connection and try again.", fieldErrors: {}, code: null };
}
