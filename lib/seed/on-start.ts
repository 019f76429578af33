import { instanceHasAccounts } from "../auth/signup-policy";
import type { Database } from "../db/client";
import { seedDemo } from "./demo";

export interface StartupAccounts {
  /** The demo login (with its published password) exists because this start asked for it. */
  demo: boolean;
  /** Any account exists; if not, the start-up output says how to create the first. */
  hasAccounts: boolean;
}

/**
 * What `npm run dev` / `npm start` do about accounts before serving. The demo
 * owner's password is published, so it is seeded only when asked: by default
 * in development, in production only with SEED_DEMO=1 (see seedDemoWanted).
 */
export async function prepareAccounts(db: Database, opts: { seedDemo: boolean }): Promise<StartupAccounts> {
  if (opts.seedDemo) await seedDemo(db);
  return { demo: opts.seedDemo, hasAccounts: await instanceHasAccounts(db) };
}
