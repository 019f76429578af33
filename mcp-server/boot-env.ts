// Imported first by the entry points, before anything reads the environment:
// loads the repository's .env, names the service in logs, and, when
// DATABASE_URL is unset, points at the embedded database that `npm run dev`
// keeps in the data dir (same password and encryption keys), so `npm run mcp`
// works beside a running dev stack without configuration.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const envFile = path.join(root, ".env");
if (existsSync(envFile)) process.loadEnvFile(envFile);
process.env.SWITCHBOARD_SERVICE ??= "mcp";

interface LocalSecrets {
  dbPassword: string;
  authSecret: string;
  secretsKeys?: string;
}

/** Where scripts/local-stack.ts keeps the secrets: the data dir, or its fallback when running as root. */
function findSecrets(): LocalSecrets | undefined {
  const dir = path.resolve(root, process.env.SWITCHBOARD_DATA_DIR?.trim() || ".data");
  const fallback = path.join(
    "/var/lib/switchboard",
    createHash("sha256").update(dir).digest("hex").slice(0, 12),
  );
  for (const d of [dir, fallback]) {
    const file = path.join(d, "secrets.json");
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as LocalSecrets;
  }
  return undefined;
}

if (!process.env.DATABASE_URL?.trim()) {
  const secrets = findSecrets();
  if (secrets) {
    const port = process.env.SWITCHBOARD_PG_PORT ?? "54329";
    process.env.DATABASE_URL = `postgres://postgres:${encodeURIComponent(secrets.dbPassword)}@127.0.0.1:${port}/postgres`;
    process.env.AUTH_SECRET ||= secrets.authSecret;
    if (secrets.secretsKeys) process.env.SECRETS_KEYS ||= secrets.secretsKeys;
  }
}
