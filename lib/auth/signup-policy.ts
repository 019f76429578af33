import { sql } from "kysely";
import type { Database } from "../db/client";
import { runAsService } from "../db/rls";
import { env, type SignUpPolicy, signUpPolicy } from "../env";
import { AppError } from "../errors";
import { hashToken } from "./tokens";

/**
 * Who may create an account on this instance (SIGNUP_POLICY):
 *  - open: anyone;
 *  - invite-only: whoever holds a pending invitation sent to that address
 *    (the sign-up carries the invitation's token);
 *  - domains: addresses at SIGNUP_ALLOWED_DOMAINS, and invited addresses.
 * Whatever the policy, the first account of an empty instance is allowed, so
 * the operator of a fresh `npm start` can get in (there is nobody yet to
 * invite them). Checked by the sign-up route for both auth adapters.
 */
export interface SignUpRules {
  policy: SignUpPolicy;
  allowedDomains: string[];
}

export function signUpRulesFromEnv(): SignUpRules {
  const e = env();
  return { policy: signUpPolicy(e), allowedDomains: e.SIGNUP_ALLOWED_DOMAINS ?? [] };
}

/** What the sign-up page offers: why an account may be created here, or that it may not. */
export type SignUpAvailability =
  | { kind: "open" }
  | { kind: "first-account" }
  | { kind: "domains"; domains: string[] }
  | { kind: "invited"; email: string }
  | { kind: "closed"; policy: Exclude<SignUpPolicy, "open"> };

export async function instanceHasAccounts(db?: Database): Promise<boolean> {
  const row = await runAsService(
    "auth:sign-up-policy",
    (tx) => tx.selectFrom("auth.users").select(sql<number>`1`.as("one")).limit(1).executeTakeFirst(),
    db,
  );
  return row !== undefined;
}

/** The address of the pending, unexpired invitation this token belongs to. */
async function invitedEmail(token: string | undefined, db?: Database): Promise<string | undefined> {
  if (!token || token.length < 16 || token.length > 200) return undefined;
  const row = await runAsService(
    "auth:sign-up-policy",
    (tx) =>
      tx
        .selectFrom("invitations")
        .select("email")
        .where("token_hash", "=", hashToken(token))
        .where("accepted_at", "is", null)
        .where("expires_at", ">", new Date())
        .executeTakeFirst(),
    db,
  );
  return row?.email.toLowerCase();
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

export async function signUpAvailability(
  rules: SignUpRules,
  opts: { inviteToken?: string; db?: Database } = {},
): Promise<SignUpAvailability> {
  if (rules.policy === "open") return { kind: "open" };
  const invited = await invitedEmail(opts.inviteToken, opts.db);
  if (invited) return { kind: "invited", email: invited };
  if (!(await instanceHasAccounts(opts.db))) return { kind: "first-account" };
  if (rules.policy === "domains") return { kind: "domains", domains: rules.allowedDomains };
  return { kind: "closed", policy: rules.policy };
}

/** Throws 403 (details.reason "signup_closed") unless this address may create an account now. */
export async function assertSignUpAllowed(
  rules: SignUpRules,
  input: { email: string; inviteToken?: string },
  db?: Database,
): Promise<void> {
  if (rules.policy === "open") return;
  const email = input.email.toLowerCase();
  const invited = await invitedEmail(input.inviteToken, db);
  if (invited === email) return;
  const domainAllowed = rules.policy === "domains" && rules.allowedDomains.includes(domainOf(email));
  if (domainAllowed || !(await instanceHasAccounts(db))) return;
  const closed = (message: string, details: Record<string, unknown> = {}) =>
    new AppError("forbidden", message, { details: { reason: "signup_closed", ...details } });
  if (invited) throw closed("This invitation was sent to another email address: sign up with that address.");
  if (rules.policy === "domains") {
    throw closed(
      `Sign-ups here are open to addresses at ${rules.allowedDomains.join(", ")}, or by invitation.`,
      { domains: rules.allowedDomains },
    );
  }
  throw closed("Sign-ups on this instance are by invitation only. Ask a workspace admin to invite you.");
}
