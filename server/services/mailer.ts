import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

let transporter: Transporter | undefined;

/** True when mail actually leaves the server; without SMTP_URL links are only logged. */
export function isMailConfigured(): boolean {
  return Boolean(env.SMTP_URL);
}

/**
 * Sends through SMTP when `SMTP_URL` is set. Without it the message goes to the server log, so that
 * a self-hosted or demo install still works (the operator can copy the link from the log).
 */
export async function sendMail(mail: Mail): Promise<void> {
  if (!env.SMTP_URL) {
    console.info(`[mail] (SMTP_URL not set, not sent) to=${mail.to} subject="${mail.subject}"\n${mail.text}`);
    return;
  }
  transporter ??= nodemailer.createTransport(env.SMTP_URL);
  await transporter.sendMail({ from: env.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
}

export function appUrl(pathname: string): string {
  return new URL(pathname, env.APP_URL).toString();
}
