import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";

/**
 * Errors the domain raises on purpose. Their message is written for people and is safe to show;
 * anything else that is thrown is a bug, and its message never leaves the server.
 */
export type DomainErrorCode = "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "BAD_REQUEST" | "CONFLICT" | "TOO_MANY_REQUESTS";

export interface DomainErrorDetails {
  /** Field-level messages, keyed by the input's field name, shown beside the field in forms. */
  fieldErrors?: Record<string, string[]>;
  retryAfterSeconds?: number;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what} was not found.`);
export const forbidden = (message = "Your role does not allow this.") => new DomainError("FORBIDDEN", message);
export const conflict = (message: string, field?: string) =>
  new DomainError("CONFLICT", message, field ? { fieldErrors: { [field]: [message] } } : {});
export const badRequest = (message: string, field?: string) =>
  new DomainError("BAD_REQUEST", message, field ? { fieldErrors: { [field]: [message] } } : {});

export const HTTP_STATUS: Record<DomainErrorCode | "INTERNAL_SERVER_ERROR", number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
};

export const GENERIC_ERROR_MESSAGE = "Something went wrong on our side. Please try again.";

export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) {
    if (error.cause instanceof DomainError) return toTRPCError(error.cause);
    return error;
  }
  if (error instanceof DomainError) {
    return new TRPCError({ code: error.code satisfies TRPC_ERROR_CODE_KEY, message: error.message, cause: error });
  }
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: GENERIC_ERROR_MESSAGE, cause: error });
}
