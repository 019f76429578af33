import { sql } from "kysely";
import { hashPassword } from "../auth/password";
import type { Database } from "../db/client";
import { runAsService, runAsUser } from "../db/rls";

export const DEMO_EMAIL = "demo@switchboard.local";
export const DEMO_PASSWORD = "switchboard-demo";
export const DEMO_SLUG = "demo";

/** Idempotent: a demo login and workspace for the local, embedded setup. */
export async function seedDemo(db: Database): Promise<{ created: boolean }> {
  const existing = await runAsService(
    "seed:demo",
    (tx) => tx.selectFrom("auth.users").select("id").where("email", "=", DEMO_EMAIL).executeTakeFirst(),
    db,
  );
  if (existing) return { created: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const user = await runAsService(
    "seed:demo",
    (tx) =>
      tx
        .insertInto("auth.users")
        .values({
          email: DEMO_EMAIL,
          encrypted_password: passwordHash,
          email_confirmed_at: new Date(),
          raw_user_meta_data: JSON.stringify({ display_name: "Demo User" }),
        })
        .returning("id")
        .executeTakeFirstOrThrow(),
    db,
  );
  await runAsUser(
    { sub: user.id, role: "authenticated", email: DEMO_EMAIL },
    (tx) => sql`select public.create_workspace('Demo Workspace', ${DEMO_SLUG})`.execute(tx),
    db,
  );
  return { created: true };
}
