import { TRPCError } from "@trpc/server";

/** "OK", or the tRPC code the call failed with. Anything that is not a TRPCError is rethrown. */
export async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

/** The TRPCError of a call that must fail; the test fails if the call succeeds. */
export async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}
