// The server Playwright drives: a throwaway embedded PostgreSQL and the app
// server (server/main.ts) on the production build, stopped and deleted when Playwright ends it.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { startThrowawayDb } from "../lib/db/throwaway";
import { mcpFixturePath, seedMcpE2eFixture } from "../mcp-server/e2e-fixture";
import { billingFixturePath, startE2eBilling } from "../test/billing/e2e-billing-fixture";

const port = process.argv[2] ?? "3100";
const db = await startThrowawayDb();
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  DATABASE_URL: db.url,
  AUTH_SECRET: randomBytes(32).toString("hex"),
  SECRETS_KEYS: `k1:${randomBytes(32).toString("base64")}`,
  APP_URL: `http://localhost:${port}`,
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  // Low, so the API spec can reach the sign-in 429 in a few attempts.
  SIGN_IN_RATE_LIMIT: process.env.SIGN_IN_RATE_LIMIT ?? "5",
  // The specs sign up newcomers (production defaults to invite-only).
  SIGNUP_POLICY: process.env.SIGNUP_POLICY ?? "open",
  // Every spec signs up its own users from one IP, in both projects: more than the default 20 an hour.
  SIGN_UP_RATE_LIMIT: process.env.SIGN_UP_RATE_LIMIT ?? "200",
  NEXT_TELEMETRY_DISABLED: "1",
  // e2e/flows-editor.spec.ts calls a local fake HTTP server from a flow's http_request node.
  SSRF_ALLOWLIST: process.env.SSRF_ALLOWLIST ?? "127.0.0.1",
};

// Billing is off for every spec but e2e/billing.spec.ts, which runs alone with E2E_BILLING=1
// (playwright.config.ts): then Stripe is a local fake and the app, MCP server and worker point at it.
const billingFixture = billingFixturePath(port);
const billing =
  process.env.E2E_BILLING === "1"
    ? await startE2eBilling({ appUrl: childEnv.APP_URL as string, databaseUrl: db.url, file: billingFixture })
    : null;
if (billing) Object.assign(childEnv, billing.env);

// The MCP server beside the app, plus a workspace and keys for e2e/mcp-inspector.spec.ts;
// seeded and started first, so both are ready by the time the app answers /api/health.
const mcpPort = process.env.E2E_MCP_PORT ?? String(Number(port) + 1);
const mcpFixture = mcpFixturePath(port);
process.env.DATABASE_URL = db.url;
await seedMcpE2eFixture({ databaseUrl: db.url, mcpUrl: `http://127.0.0.1:${mcpPort}/mcp`, file: mcpFixture });
const mcp = spawn("node_modules/.bin/tsx", ["mcp-server/main.ts"], {
  stdio: "inherit",
  env: { ...childEnv, MCP_HOST: "127.0.0.1", MCP_PORT: mcpPort },
});
// The production app server, as `npm start` runs it (chat turns skip Next's router there).
const web = spawn(process.execPath, ["--import", "tsx", "server/main.ts", "--port", port], {
  stdio: "inherit",
  env: childEnv,
});

// The background worker (flow runs execute there), as `npm run worker` runs it.
const worker = spawn("node_modules/.bin/tsx", ["scripts/worker.ts"], { stdio: "inherit", env: childEnv });

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  const ended = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        });
  await Promise.all([ended(web), ended(mcp), ended(worker)]);
  await rm(mcpFixture, { force: true });
  await rm(billingFixture, { force: true });
  await billing?.fake.stop();
  await db.stop();
  process.exit(code);
}
web.on("exit", (code) => void stop(code ?? 1));
mcp.on("exit", (code) => void stop(code ?? 1));
worker.on("exit", (code) => void stop(code ?? 1));
process.on("SIGTERM", () => void stop(0));
process.on("SIGINT", () => void stop(0));
