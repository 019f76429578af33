// The server Playwright drives: a throwaway embedded PostgreSQL and `next start`
// on the production build, stopped and deleted when Playwright ends it.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { startThrowawayDb } from "../lib/db/throwaway";

const port = process.argv[2] ?? "3100";
const db = await startThrowawayDb();
const web = spawn("node_modules/.bin/next", ["start", "-p", port], {
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: db.url,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    SECRETS_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    APP_URL: `http://localhost:${port}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    // Low, so the API spec can reach the sign-in 429 in a few attempts.
    SIGN_IN_RATE_LIMIT: process.env.SIGN_IN_RATE_LIMIT ?? "5",
    NEXT_TELEMETRY_DISABLED: "1",
  },
});

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  if (web.exitCode === null) {
    await new Promise<void>((resolve) => {
      web.once("exit", () => resolve());
      web.kill("SIGTERM");
    });
  }
  await db.stop();
  process.exit(code);
}
web.on("exit", (code) => void stop(code ?? 1));
process.on("SIGTERM", () => void stop(0));
process.on("SIGINT", () => void stop(0));
