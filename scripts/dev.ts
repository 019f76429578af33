// `npm run dev` (and `npm start` with --prod): embedded PostgreSQL unless
// DATABASE_URL is set, migrations, demo seed (dev only, unless SEED_DEMO), then Next.js, the worker and the
// MCP server (mcp-server/main.ts, Streamable HTTP on MCP_HOST:MCP_PORT).
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createDb } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { EnvError, parseEnv, seedDemoWanted, signUpPolicy } from "../lib/env";
import { DEMO_EMAIL, DEMO_PASSWORD, DEMO_SLUG } from "../lib/seed/demo";
import { prepareAccounts } from "../lib/seed/on-start";
import { type LocalSecrets, loadSecrets, resolveDataDir, startLocalDatabase } from "./local-stack";

const prod = process.argv.includes("--prod");
if (existsSync(".env")) process.loadEnvFile(".env");
(process.env as Record<string, string | undefined>).NODE_ENV ??= prod ? "production" : "development";

const startedAt = performance.now();
function readEnv() {
  try {
    return parseEnv(process.env);
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}
// The embedded setup keeps its generated secrets beside the data; they must be
// in place before the environment is validated (production requires AUTH_SECRET).
let local: { dataDir: string; secrets: LocalSecrets } | undefined;
if (!process.env.DATABASE_URL?.trim()) {
  const dataDir = await resolveDataDir(process.env.SWITCHBOARD_DATA_DIR?.trim() || ".data");
  const secrets = await loadSecrets(dataDir);
  process.env.AUTH_SECRET ||= secrets.authSecret;
  process.env.SECRETS_KEYS ||= secrets.secretsKeys;
  local = { dataDir, secrets };
}
const port = Number(process.env.PORT ?? 3000);
// Links the app makes (invitations, webhook URLs, the widget's snippet) and its origin check use
// APP_URL: unset, it follows PORT, so `PORT=3400 npm run dev` does not hand out :3000 links.
process.env.APP_URL ||= `http://localhost:${port}`;
const base = readEnv();
let stopDb: (() => Promise<void>) | undefined;
const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" };

if (!local && base.DATABASE_URL) {
  console.log("[db] using DATABASE_URL");
  await migrate(base.DATABASE_URL, { log: (m) => console.log(`[db] ${m}`) });
} else if (local) {
  const db = await startLocalDatabase({ ...local, port: Number(process.env.SWITCHBOARD_PG_PORT ?? 54329) });
  stopDb = db.stop;
  childEnv.DATABASE_URL = db.url;
  console.log(`[db] embedded PostgreSQL ready on 127.0.0.1:${new URL(db.url).port}`);
}

// The demo login's password is published: seeded by default in development only (SEED_DEMO).
const useLocalAuth = !base.NEXT_PUBLIC_SUPABASE_URL;
{
  const { db } = createDb(childEnv.DATABASE_URL as string, 2);
  let accounts: Awaited<ReturnType<typeof prepareAccounts>>;
  try {
    // SWITCHBOARD_SEED_DEMO=false, the old opt-out, is still honoured (never as an opt-in).
    const optedOut = !base.SEED_DEMO && process.env.SWITCHBOARD_SEED_DEMO === "false";
    accounts = await prepareAccounts(db, { seedDemo: useLocalAuth && seedDemoWanted(base) && !optedOut });
  } finally {
    await db.destroy();
  }
  const policy = signUpPolicy(base);
  if (accounts.demo) {
    console.log(`[seed] demo login: ${DEMO_EMAIL} / ${DEMO_PASSWORD} (workspace /w/${DEMO_SLUG})`);
  } else if (!accounts.hasAccounts) {
    console.log(
      `[auth] no accounts yet: open ${base.APP_URL}/sign-up to create the first one (always allowed; sign-ups are then ${policy}). The demo login is seeded only with SEED_DEMO=1.`,
    );
  }
  if (prod && policy === "open") {
    console.log("[auth] SIGNUP_POLICY=open: anyone who reaches this server can create an account.");
  }
}

const children: ChildProcess[] = [];
let shuttingDown = false;

/**
 * `restart`: the worker is restarted when it dies (graphile-worker exits when the database is
 * unreachable for longer than its retries), with a growing pause; its jobs resume where they
 * were (lib/worker/liveness.ts). Anything else exiting stops everything.
 */
function start(name: string, cmd: string, args: string[], opts: { restart?: boolean } = {}) {
  let pause = 1000;
  const launch = () => {
    const startedAt = Date.now();
    const child = spawn(cmd, args, { env: childEnv, stdio: "inherit" });
    child.on("exit", (code, signal) => {
      children.splice(children.indexOf(child), 1);
      if (shuttingDown) return;
      if (opts.restart) {
        // A long healthy run resets the pause; a crash loop backs off to 30 s.
        pause = Date.now() - startedAt > 60_000 ? 1000 : Math.min(pause * 2, 30_000);
        console.error(`[${name}] exited (${signal ?? code}); restarting in ${pause / 1000} s`);
        setTimeout(() => {
          if (!shuttingDown) launch();
        }, pause);
        return;
      }
      console.error(`[${name}] exited (${signal ?? code}); stopping`);
      void shutdown(typeof code === "number" && code !== 0 ? code : 1);
    });
    children.push(child);
  };
  launch();
}

async function shutdown(code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once("exit", () => resolve());
          c.kill("SIGTERM");
        }),
    ),
  );
  if (stopDb) {
    await stopDb();
    console.log("[db] embedded PostgreSQL stopped");
  }
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

// Production: the app server (Next plus the direct chat route); dev: `next dev`, for hot reload.
if (prod) start("web", process.execPath, ["--import", "tsx", "server/main.ts", "--port", String(port)]);
else start("web", "node_modules/.bin/next", ["dev", "-p", String(port)]);
start("worker", "node_modules/.bin/tsx", ["scripts/worker.ts"], { restart: true });
start("mcp", "node_modules/.bin/tsx", ["mcp-server/main.ts"]);
// The Supabase edge functions (supabase/functions), under Deno, at FUNCTIONS_PORT (default 54321).
start("functions", "node_modules/.bin/tsx", ["scripts/functions-serve.ts"]);
console.log(
  `[switchboard] ${prod ? "production" : "dev"} server on http://localhost:${port} (setup ${Math.round(performance.now() - startedAt)} ms)`,
);
