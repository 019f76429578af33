import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-server";
import { migrate } from "./migrate";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

export interface ThrowawayDb {
  url: string;
  stop(): Promise<void>;
}

/** A fresh, migrated embedded PostgreSQL on a free port, deleted on stop. */
export async function startThrowawayDb(opts: { migrate?: boolean } = {}): Promise<ThrowawayDb> {
  const parent = await mkdtemp(path.join(os.tmpdir(), "switchboard-db-"));
  await chmod(parent, 0o755); // the server runs as `postgres` when we are root
  const server = await startEmbeddedPostgres({
    dataDir: path.join(parent, "pg"),
    port: await freePort(),
    password: randomBytes(12).toString("hex"),
  });
  if (opts.migrate !== false) await migrate(server.url);
  return {
    url: server.url,
    async stop() {
      await server.stop();
      await rm(parent, { recursive: true, force: true });
    },
  };
}
