// The HTTP hardening of the MCP endpoint, over real HTTP against a real server:
// bearer keys, Origin and Host checks, body cap, rate limit, methods, paths.
import http from "node:http";
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "@/test/db/workspace-kit";
import { rawHttp } from "@/test/http/raw-http-kit";
import { revokeApiKey } from "../lib/api-keys";
import type { Database } from "../lib/db/client";
import { runAsService } from "../lib/db/rls";
import {
  httpClient,
  type KeyedWorkspace,
  MCP_HEADERS,
  rpc,
  seedKeyedWorkspace,
} from "../test/mcp/mcp-client-kit";
import { type McpHttpServer, startMcpHttpServer } from "./http";

let db: Database;
let server: McpHttpServer;
let ws: KeyedWorkspace;
let secret: string;

beforeAll(async () => {
  db = openDb();
  server = await startMcpHttpServer({ host: "127.0.0.1", port: 0, rateLimitPerMinute: 10_000 });
  ws = await seedKeyedWorkspace(db, "mcp-http");
  secret = (await ws.key()).secret;
});

afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

const post = (body: string, headers: Record<string, string> = {}, url = server.url) =>
  fetch(url, { method: "POST", headers: { ...MCP_HEADERS, ...headers }, body });
const auth = (s = secret) => ({ authorization: `Bearer ${s}` });

async function errorOf(res: Response) {
  expect(res.headers.get("content-type")).toContain("application/json");
  const body = (await res.json()) as { error: { code: number; message: string; data?: { code: string } } };
  expect(JSON.stringify(body)).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/); // never a stack
  return body.error;
}

/** node:http, because fetch will not send a forged Host header. */
function rawPost(headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers },
      (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("authentication", () => {
  it("answers a listed tool call for a valid key", async () => {
    const res = await post(rpc("tools/list"), auth());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { tools: { name: string }[] } };
    expect(body.result.tools.map((t) => t.name)).toContain("list_products");
  });

  it("401s without a key, with a Bearer challenge", async () => {
    const res = await post(rpc("tools/list"));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="switchboard"');
    expect((await errorOf(res)).data?.code).toBe("unauthorized");
  });

  it("401s a malformed or unknown key with error=invalid_token", async () => {
    for (const bad of ["nope", `sbk_AAAAAAAA_${"B".repeat(40)}`]) {
      const res = await post(rpc("tools/list"), auth(bad));
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer .*error="invalid_token"/);
      await errorOf(res);
    }
  });

  it("stops a key on the very next request after it is revoked", async () => {
    const key = await ws.key(["read", "agents"], "to revoke");
    const client = await httpClient(server.url, key.secret);
    await expect(client.listTools()).resolves.toBeTruthy();
    await revokeApiKey(ws.scope, key.id);
    const err = await client.listTools().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StreamableHTTPError);
    expect((err as StreamableHTTPError).code).toBe(401);
    const res = await post(rpc("tools/list"), auth(key.secret));
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(/revoked/);
    await client.close();
  });

  it("401s an expired key", async () => {
    const key = await ws.key(["read", "agents"], "to expire");
    await runAsService("test:expire-key", (tx) =>
      tx
        .updateTable("api_keys")
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where("id", "=", key.id)
        .execute(),
    );
    const res = await post(rpc("tools/list"), auth(key.secret));
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(/expired/);
  });
});

describe("origin and host", () => {
  it("403s an Origin that is not allowed, before looking at the key", async () => {
    const res = await post(rpc("tools/list"), { ...auth(), origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).data?.code).toBe("bad_origin");
  });

  it("accepts the app's origin and loopback on the MCP port, with CORS headers", async () => {
    const port = new URL(server.url).port;
    for (const origin of ["http://localhost:3000", `http://127.0.0.1:${port}`]) {
      const res = await post(rpc("tools/list"), { ...auth(), origin });
      expect(res.status).toBe(200);
      expect(res.headers.get("access-control-allow-origin")).toBe(origin);
    }
    const preflight = await fetch(server.url, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:3000" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
  });

  it("403s a Host that is not loopback (DNS rebinding)", async () => {
    const port = new URL(server.url).port;
    const body = rpc("tools/list");
    const bad = await rawPost({ ...MCP_HEADERS, ...auth(), host: `rebind.evil.example:${port}` }, body);
    expect(bad.status).toBe(403);
    expect(JSON.parse(bad.body).error.data.code).toBe("bad_host");
    const good = await rawPost({ ...MCP_HEADERS, ...auth(), host: `localhost:${port}` }, body);
    expect(good.status).toBe(200);
  });
});

describe("requests that make no URL", () => {
  const raw = (text: string) => rawHttp(server.url, text);

  it("answers a malformed Host or target, and what Node's parser rejects, with a JSON-RPC 400", async () => {
    const host = `Host: ${new URL(server.url).host}\r\n`;
    const body = rpc("tools/list");
    const post = (target: string, headers: string) =>
      `POST ${target} HTTP/1.1\r\n${headers}Authorization: Bearer ${secret}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
    const cases: [string, string, number][] = [
      ["Host: a b", post("/mcp", "Host: a b\r\n"), 400],
      ["no Host", post("/mcp", ""), 400],
      ["two Hosts", post("/mcp", `${host}Host: rebind.evil.example\r\n`), 400],
      ["bad %-escape", post("/mcp%ZZ", host), 400],
      ["absolute-form, bad host", post("http://a b/mcp", host), 400],
      ["control byte in a header", post("/mcp", `${host}X-A: a\x01b\r\n`), 400],
      ["huge header", post("/mcp", `${host}X-Big: ${"a".repeat(20_000)}\r\n`), 431],
    ];
    for (const [name, text, status] of cases) {
      const res = await raw(text);
      expect({ name, status: res.status }).toEqual({ name, status });
      expect(res.head).toMatch(/content-type: application\/json/i);
      const error = (
        JSON.parse(res.body) as { error: { code: number; message: string; data: { code: string } } }
      ).error;
      expect(error.data.code).toMatch(/^(bad_request|headers_too_large)$/);
    }
    // An absolute-form target for this server is served as its path (RFC 9112: its host is the Host).
    const absolute = await raw(post(`http://${new URL(server.url).host}/mcp`, "Host: ignored.example\r\n"));
    expect(absolute.status).toBe(200);
  });
});

describe("limits", () => {
  it("413s a body over 1 MB, declared or streamed", async () => {
    const big = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/list",
      params: { pad: "x".repeat(1_100_000) },
    });
    const res = await post(big, auth());
    expect(res.status).toBe(413);
    expect((await errorOf(res)).data?.code).toBe("payload_too_large");

    const chunked = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const streamed = await fetch(server.url, {
      method: "POST",
      headers: { ...MCP_HEADERS, ...auth() },
      body: chunked,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it("429s past the per-key budget, with Retry-After, other keys unaffected", async () => {
    const limited = await startMcpHttpServer({ host: "127.0.0.1", port: 0, rateLimitPerMinute: 3 });
    try {
      const key = await ws.key(["read", "catalog"], "rate limited");
      const other = await ws.key(["read", "catalog"], "other");
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await post(rpc("tools/list"), auth(key.secret), limited.url)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const res = await post(rpc("tools/list"), auth(key.secret), limited.url);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect((await errorOf(res)).data?.code).toBe("rate_limited");
      expect((await post(rpc("tools/list"), auth(other.secret), limited.url)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe("methods, paths and bodies", () => {
  it("405s GET and DELETE: stateless, no SSE stream and no session", async () => {
    for (const method of ["GET", "DELETE"]) {
      const res = await fetch(server.url, { method, headers: { ...auth(), accept: "text/event-stream" } });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toContain("POST");
      await errorOf(res);
    }
  });

  it("404s any other path as JSON", async () => {
    const res = await post(rpc("tools/list"), auth(), server.url.replace("/mcp", "/other"));
    expect(res.status).toBe(404);
    expect((await errorOf(res)).data?.code).toBe("not_found");
  });

  it("400s a body that is not JSON, as a JSON-RPC parse error", async () => {
    const res = await post("{not json", auth());
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe(-32700);
  });

  it("answers an unknown method with a JSON-RPC error, not a crash", async () => {
    const res = await post(rpc("no/such/method"), auth());
    const body = (await res.json()) as { error: { code: number } };
    expect(body.error.code).toBe(-32601);
  });
});
