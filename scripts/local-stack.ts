// Shared by `npm run dev`, `npm start` and the e2e server: database + secrets.
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { readableBy, startEmbeddedPostgres } from "../lib/db/embedded-server";
import { migrate } from "../lib/db/migrate";

export interface LocalSecrets {
  dbPassword: string;
  authSecret: string;
  secretsKeys?: string;
}

/** The postgres user must reach the data dir; a checkout under /root cannot offer that. */
export async function resolveDataDir(requested: string): Promise<string> {
  const dir = path.resolve(requested);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || readableBy("postgres", dir) || !existsSync("/usr/sbin/runuser")) return dir;
  const fallback = path.join(
    "/var/lib/switchboard",
    createHash("sha256").update(dir).digest("hex").slice(0, 12),
  );
  await mkdir(fallback, { recursive: true, mode: 0o755 });
  console.log(`[db] ${dir} is not reachable by the postgres user; using ${fallback}`);
  return fallback;
}

/** Generated once and kept beside the data, so restarts keep sessions and passwords valid. */
export async function loadSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = path.join(dataDir, "secrets.json");
  const existing = existsSync(file) ? (JSON.parse(await readFile(file, "utf8")) as LocalSecrets) : undefined;
  if (existing?.secretsKeys) return existing;
  // Data dirs from before the encryption key existed get one added, keeping the rest.
  const secrets: LocalSecrets = {
    dbPassword: existing?.dbPassword ?? randomBytes(18).toString("base64url"),
    authSecret: existing?.authSecret ?? randomBytes(32).toString("base64url"),
    secretsKeys: `k1:${randomBytes(32).toString("base64")}`,
  };
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export interface LocalDatabase {
  url: string;
  secrets: LocalSecrets;
  stop(): Promise<void>;
}

/** `dataDir` must come from resolveDataDir and `secrets` from loadSecrets. */
export async function startLocalDatabase(opts: {
  dataDir: string;
  secrets: LocalSecrets;
  port: number;
}): Promise<LocalDatabase> {
  const { dataDir, secrets } = opts;
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, "pg"),
    port: opts.port,
    password: secrets.dbPassword,
  });
  try {
    const result = await migrate(server.url, { log: (m) => console.log(`[db] ${m}`) });
    if (result.applied.length === 0) console.log("[db] schema up to date");
  } catch (e) {
    await server.stop();
    throw e;
  }
  return { url: server.url, secrets, stop: () => server.stop() };
}
