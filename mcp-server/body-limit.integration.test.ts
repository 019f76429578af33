// The 413 for an oversized body must reach the client. The server answered
// before reading the body and closed the connection, which reset the socket
// under the client's upload: fetch (and so the SDK client) saw EPIPE or
// ECONNRESET instead of the 413, for about half the tries. Only visible with the
// server in its own process, as in production: `mcp-server/main.ts`.
import net from "node:net";
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "@/test/db/workspace-kit";
import type { Database } from "../lib/db/client";
import {
  httpClient,
  MCP_HEADERS,
  rpc,
  seedKeyedWorkspace,
  startMcpProcess,
} from "../test/mcp/mcp-client-kit";

let db: Database;
let server: Awaited<ReturnType<typeof startMcpProcess>>;
let secret: string;

beforeAll(async () => {
  db = openDb();
  server = await startMcpProcess();
  secret = (await (await seedKeyedWorkspace(db, "mcp-body-limit")).key()).secret;
});

afterAll(async () => {
  await server?.stop();
  await db?.destroy();
});

const padded = (bytes: number) =>
  rpc("tools/call", { name: "list_products", arguments: { pad: "x".repeat(bytes) } });

/** What fetch made of one POST: the status and error code, or how the request failed. */
async function outcome(body: string, headers: Record<string, string>): Promise<string> {
  return fetch(server.url, { method: "POST", headers: { ...MCP_HEADERS, ...headers }, body }).then(
    async (res) => {
      const json = (await res.json()) as { error?: { data?: { code?: string } } };
      return `${res.status} ${json.error?.data?.code}`;
    },
    (e: Error) => `${e.message}: ${String((e.cause as { code?: string } | undefined)?.code)}`,
  );
}

describe("oversized bodies", () => {
  it("answers 20 of 20 tries with 413, with or without a key, for bodies of 1.5, 4 and 10 MB", async () => {
    const outcomes: Record<string, number> = {};
    for (const size of [1_500_000, 4_000_000, 10_000_000]) {
      const body = padded(size);
      for (const headers of [{}, { authorization: `Bearer ${secret}` }] as Record<string, string>[]) {
        for (let i = 0; i < 20; i++) {
          const o = await outcome(body, headers);
          outcomes[o] = (outcomes[o] ?? 0) + 1;
        }
      }
    }
    expect(outcomes).toEqual({ "413 payload_too_large": 120 });
  });

  it("answers a streamed (chunked) oversized body with 413 too", async () => {
    const body = padded(4_000_000);
    for (let i = 0; i < 10; i++) {
      const chunked = new ReadableStream({
        start(c) {
          for (let at = 0; at < body.length; at += 64 * 1024)
            c.enqueue(new TextEncoder().encode(body.slice(at, at + 64 * 1024)));
          c.close();
        },
      });
      const res = await fetch(server.url, {
        method: "POST",
        headers: { ...MCP_HEADERS, authorization: `Bearer ${secret}` },
        body: chunked,
        duplex: "half",
      } as RequestInit);
      expect(res.status).toBe(413);
    }
  });

  it("gives the SDK client the 413 as an HTTP error, 20 of 20 times, and the connection stays usable", async () => {
    const client = await httpClient(server.url, secret);
    try {
      const codes: unknown[] = [];
      for (let i = 0; i < 20; i++) {
        const err = await client
          .callTool({ name: "list_products", arguments: { pad: "x".repeat(4_000_000) } })
          .catch((e: unknown) => e);
        codes.push(err instanceof StreamableHTTPError ? err.code : String(err));
      }
      expect(codes).toEqual(Array(20).fill(413));
      await expect(client.listTools()).resolves.toBeTruthy();
    } finally {
      await client.close();
    }
  });

  it("413s at once, and closes, a body declared larger than it will ever read", async () => {
    const { hostname, port, host } = new URL(server.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => {
        socket.write(
          `POST /mcp HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{`,
        );
      });
      let text = "";
      socket.on("data", (c) => (text += c));
      socket.on("close", () => resolve(text));
      socket.on("error", reject);
      setTimeout(() => reject(new Error(`no answer: ${text}`)), 5000).unref();
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/connection: close/i);
    expect(answer).toContain('"payload_too_large"');
  });
});
