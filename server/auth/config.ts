import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { z } from "zod";
import { getDb } from "@/db";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { DomainError } from "@/server/errors";
import { authenticate, normalizeEmail } from "@/server/services/accounts";
import { assertSignInAllowed, clientIp, recordFailedSignIn, recordSuccessfulSignIn } from "./rate-limit";

// The codes travel in the URL, so they say nothing about whether the address has an account.
class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}
class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

const credentialsSchema = z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(1024) });

export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const db = await getDb();
  return {
    // The adapter stores OAuth accounts and magic-link tokens once such providers are added;
    // password sign-in keeps its sessions in signed JWT cookies.
    adapter: DrizzleAdapter(db, {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    }),
    session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
    trustHost: true,
    logger: {
      // A wrong password is an answer, not a server error: keep the log for real failures.
      error(error) {
        if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
        console.error("[auth]", error);
      },
    },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      Credentials({
        credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
        async authorize(raw, request) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) throw new InvalidCredentials();
          const email = normalizeEmail(parsed.data.email);
          const ip = clientIp(request.headers);
          try {
            await assertSignInAllowed(ip, email);
          } catch (error) {
            if (error instanceof DomainError) throw new TooManyAttempts();
            throw error;
          }
          const user = await authenticate(db, email, parsed.data.password);
          if (!user) {
            await recordFailedSignIn(ip, email);
            throw new InvalidCredentials();
          }
          await recordSuccessfulSignIn(email);
          return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sessionVersion = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        session.sessionVersion = typeof token.sessionVersion === "number" ? token.sessionVersion : -1;
        return session;
      },
    },
  };
});
