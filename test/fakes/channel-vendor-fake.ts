import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// A minimal vendor API for the channel core's tests: it records every call
// (path, headers, JSON body) and can fail the next calls with a status, as a
// vendor's API does when it is down or rate-limits. Vendor-shaped fakes
// (Chatwoot, WhatsApp's Graph API) sit beside it.

export interface VendorCall {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface ChannelVendorFake {
  url: string;
  calls: VendorCall[];
  /** The next `n` calls answer `status` (default 503). */
  failNext(n: number, status?: number): void;
  stop(): Promise<void>;
}

export async function startChannelVendorFake(): Promise<ChannelVendorFake> {
  const calls: VendorCall[] = [];
  let failures = 0;
  let failStatus = 503;
  let nextId = 1;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {}
      calls.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      res.setHeader("content-type", "application/json");
      if (failures > 0) {
        failures--;
        res.statusCode = failStatus;
        res.end(JSON.stringify({ error: "unavailable" }));
        return;
      }
      res.end(JSON.stringify({ id: `vendor-${nextId++}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    failNext(n, status = 503) {
      failures = n;
      failStatus = status;
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
