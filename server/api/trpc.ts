import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { Database } from "@/db";
import { can, type Permission, type Role } from "@/lib/permissions";
import { DomainError, GENERIC_ERROR_MESSAGE, toTRPCError } from "@/server/errors";
import type { SessionUser } from "@/server/auth/session";
import type { Actor } from "@/server/services/audit";
import type { SharedRelations } from "@/server/metrics/context";
import { findMembershipBySlug, type Organization } from "@/server/services/organizations";

export interface Context {
  db: Database;
  user: SessionUser | null;
  headers: Headers;
  /** What the metric reads of one request share (server/metrics/context.ts); absent in tests' callers. */
  sharedMetricRelations?: SharedRelations;
}

export interface Meta {
  /** Set by orgProcedure; the cross-tenant and role tests find org-scoped procedures by it. */
  scope?: "org";
  /** What an org-scoped procedure needs; "org.read" when unset. */
  permission?: Permission;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      let fieldErrors: Record<string, string[] | undefined> | undefined;
      let message = shape.message;
      if (cause instanceof ZodError) {
        fieldErrors = z.flattenError(cause).fieldErrors as Record<string, string[] | undefined>;
        message = cause.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
      } else if (cause instanceof DomainError) {
        fieldErrors = cause.details.fieldErrors;
      } else if (error.code === "INTERNAL_SERVER_ERROR") {
        // Unknown errors are bugs: log them whole, show people nothing of them.
        console.error("[trpc] internal error", cause ?? error);
        message = GENERIC_ERROR_MESSAGE;
      }
      return {
        ...shape,
        message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          fieldErrors: fieldErrors ?? null,
          retryAfterSeconds: cause instanceof DomainError ? (cause.details.retryAfterSeconds ?? null) : null,
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns domain errors thrown anywhere below into the matching tRPC code. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) throw toTRPCError(result.error.cause);
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  const actor: Actor = { userId: ctx.user.id, label: ctx.user.email };
  return next({ ctx: { user: ctx.user, actor: actor as Actor & { userId: string } } });
});

export interface OrgContext {
  org: Organization;
  role: Role;
}

/**
 * Resolves the organisation once per call from the signed-in user and the slug. Not a member, or no
 * such organisation: NOT_FOUND either way, so that slugs of other tenants cannot be probed.
 * The role check comes after membership, and before the procedure's own input is parsed.
 */
export const orgProcedure = protectedProcedure
  .meta({ scope: "org" })
  .input(z.object({ orgSlug: z.string().min(1).max(64) }))
  .use(async ({ ctx, input, meta, next }) => {
    const found = await findMembershipBySlug(ctx.db, ctx.user.id, input.orgSlug);
    if (!found) throw new TRPCError({ code: "NOT_FOUND", message: "Organisation not found." });
    const permission = meta?.permission ?? "org.read";
    if (!can(found.role, permission)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Your role in this organisation does not allow this." });
    }
    return next({ ctx: { org: found.org, role: found.role } satisfies OrgContext });
  });
