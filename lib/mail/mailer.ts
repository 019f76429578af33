import nodemailer, { type Transporter } from "nodemailer";
import { env } from "../env";

export type SendMail = (to: string, subject: string, text: string) => Promise<void>;

let transport: Transporter | undefined;

/** Undefined when no SMTP server is configured: callers then show or log the link instead. */
export function mailer(): SendMail | undefined {
  const { SMTP_URL, MAIL_FROM } = env();
  if (!SMTP_URL) return undefined;
  transport ??= nodemailer.createTransport(SMTP_URL);
  const t = transport;
  return async (to, subject, text) => {
    await t.sendMail({ from: MAIL_FROM, to, subject, text });
  };
}
