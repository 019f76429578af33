// Serves supabase/functions/* locally the way `supabase functions serve` does:
// http://localhost:<port>/functions/v1/<name>/… → the function, each in its own
// Deno process (the `deno` npm package, node_modules only: no network), behind
// one small proxy. `npm run dev` starts it (FUNCTIONS_PORT, default 54321);
// tests start it with serveFunctions() against their database.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "..");
const FUNCTIONS_DIR = path.join(ROOT, "supabase", "functions");
const DENO = path.join(ROOT, "node_modules", ".bin", "deno");

export interface ServedFunctions {
  url: string;
  names: string[];
  stop(): Promise<void>;
}

export function functionNames(dir = FUNCTIONS_DIR): string[] {
  return readdirSync(dir)
    .filter((n) => !n.startsWith("_") && !n.startsWith("."))
    .filter((n) => statSync(path.join(dir, n)).isDirectory());
}

async function freePort(): Promise<number> {
  const srv = http.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

function startFunction(name: string, port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(
    DENO,
    [
      "run",
      "--config",
      path.join(FUNCTIONS_DIR, "deno.json"),
      "--allow-net",
      "--allow-env",
      "--allow-read",
      "--allow-sys",
      path.join(FUNCTIONS_DIR, name, "index.ts"),
    ],
    {
      cwd: ROOT,
      env: { ...env, DENO_SERVE_ADDRESS: `tcp:127.0.0.1:${port}`, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  return new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`function ${name} did not start in 60 s:\n${log}`));
    }, 60_000);
    const onData = (d: Buffer) => {
      const text = d.toString();
      if (log.length < 20_000) log += text;
      for (const line of text.split("\n")) if (line.trim()) console.log(`[fn:${name}] ${line}`);
      if (text.includes("Listening on")) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`function ${name} exited (${code}) before listening:\n${log}`));
    });
  });
}

export async function serveFunctions(
  opts: { port?: number; host?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ServedFunctions> {
  const env = opts.env ?? process.env;
  const names = functionNames();
  const children: ChildProcess[] = [];
  const ports = new Map<string, number>();
  try {
    for (const name of names) {
      const port = await freePort();
      children.push(await startFunction(name, port, env));
      ports.set(name, port);
    }
  } catch (e) {
    for (const c of children) c.kill("SIGTERM");
    throw e;
  }
  const server = http.createServer((req, res) => {
    const m = /^\/functions\/v1\/([A-Za-z0-9_-]+)(\/.*)?$/.exec((req.url ?? "").split("?")[0] ?? "");
    const port = m?.[1] ? ports.get(m[1]) : undefined;
    if (!m || !port) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "not_found", message: "No such function." } }));
      return;
    }
    // The function sees /<name>/… as on Supabase.
    const target = (req.url ?? "").replace(/^\/functions\/v1/, "");
    const upstream = http.request(
      { host: "127.0.0.1", port, path: target, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "unavailable", message: "The function is not answering." } }));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/functions/v1`,
    names,
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
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
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const served = await serveFunctions({ port: Number(process.env.FUNCTIONS_PORT ?? 54321) });
  console.log(`[functions] ${served.names.join(", ")} on ${served.url}/<name>`);
  const stop = async () => {
    await served.stop();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
