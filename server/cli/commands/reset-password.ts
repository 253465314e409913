import type { Executor } from "@/db";
import { setPasswordByEmail } from "@/server/services/accounts";
import type { CommandSpec } from "../command";

export interface ResetPasswordArgs {
  email: string;
  password: string;
}

/** Sets a new password; every session of the account ends (its session version is bumped). */
export async function runResetPassword(db: Executor, args: ResetPasswordArgs) {
  const { userId, email } = await setPasswordByEmail(db, args.email, args.password);
  return { userId, email, sessionsEnded: true };
}

export const resetPasswordCommand: CommandSpec<ResetPasswordArgs, Awaited<ReturnType<typeof runResetPassword>>> = {
  name: "reset-password",
  summary: "Set a new password for an account and sign it out everywhere",
  flags: [
    { name: "email", value: "<email>", description: "Email of the account", required: true },
    { name: "password", value: "<password>", description: "The new password", required: true },
  ],
  run: runResetPassword,
};
