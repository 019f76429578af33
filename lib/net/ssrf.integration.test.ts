import dns from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { safeFetch } from "./ssrf";

interface Seen {
  path: string;
  authorization?: string;
  headers: http.IncomingHttpHeaders;
  /** The client's port: the same one twice means the connection was reused. */
  clientPort?: number;
}

/** A local server with one route per behaviour safeFetch must handle. */
async function startServer(host: string, otherOrigin: () => string, literalOther: () => string) {
  const seen: Seen[] = [];
  const ownPort = () => (server.address() as AddressInfo).port;
  const server = http.createServer((req, res) => {
    const path = req.url ?? "/";
    seen.push({
      path,
      authorization: req.headers.authorization,
      headers: req.headers,
      clientPort: req.socket.remotePort,
    });
    if (path === "/hello") return res.writeHead(200, { "content-type": "text/plain" }).end("hello there");
    if (path === "/to-hello") return res.writeHead(302, { location: "/hello" }).end();
    if (path === "/to-metadata")
      return res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    if (path === "/to-other") return res.writeHead(307, { location: `${otherOrigin()}/hello` }).end();
    if (path === "/to-other-ip") return res.writeHead(302, { location: `${literalOther()}/hello` }).end();
    if (path === "/to-c") return res.writeHead(302, { location: `${c.origin}/hello` }).end();
    if (path === "/to-self-hello")
      return res.writeHead(307, { location: `http://${host}:${ownPort()}/hello` }).end();
    if (path === "/loop") return res.writeHead(302, { location: "/loop" }).end();
    if (path === "/big-declared")
      return res.writeHead(200, { "content-length": "100000" }).end("x".repeat(100_000));
    if (path === "/big-chunked") {
      res.writeHead(200, { "content-type": "text/plain" });
      for (let i = 0; i < 20; i++) res.write("y".repeat(10_000));
      return res.end();
    }
    if (path === "/slow-body") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("start…");
      return; // never ends
    }
    if (path === "/hang") return; // never answers
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    seen,
    port,
    origin: `http://${host}:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let a: Awaited<ReturnType<typeof startServer>>;
let b: Awaited<ReturnType<typeof startServer>>;
/** Same address as `a`, another port: another origin. */
let c: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  a = await startServer(
    "127.0.0.1",
    () => `http://localhost:${b.port}`,
    () => b.origin,
  );
  // On 127.0.0.2 only: reachable solely through a connection pinned to that address.
  b = await startServer(
    "127.0.0.2",
    () => a.origin,
    () => a.origin,
  );
  c = await startServer(
    "127.0.0.1",
    () => a.origin,
    () => a.origin,
  );
});

afterAll(async () => {
  await a.stop();
  await b.stop();
  await c.stop();
});

afterEach(() => {
  vi.restoreAllMocks();
});

const ALLOW_A = { allowlist: "127.0.0.1" };

describe("safeFetch against a local server", () => {
  it("is blocked by default and allowed once the host is allowlisted", async () => {
    await expect(safeFetch(`${a.origin}/hello`, { allowlist: "" })).rejects.toMatchObject({
      code: "bad_request",
      message: "Blocked: 127.0.0.1 is a loopback address.",
    });
    expect(a.seen).toHaveLength(0);
    const res = await safeFetch(`${a.origin}/hello`, ALLOW_A);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("hello there");
  });

  it("reuses a kept-alive connection to the same vetted address, and recovers after a refused body", async () => {
    const ports: (number | undefined)[] = [];
    for (let i = 0; i < 6; i++) {
      expect(await (await safeFetch(`${a.origin}/hello`, ALLOW_A)).text()).toBe("hello there");
      ports.push(a.seen.at(-1)?.clientPort);
    }
    // A socket is back in the pool a moment after its body ends, so a second may open; never one per call.
    expect(new Set(ports).size).toBeLessThanOrEqual(2);
    await expect(
      safeFetch(`${a.origin}/big-chunked`, { ...ALLOW_A, maxBytes: 50_000 }).then((r) => r.text()),
    ).rejects.toMatchObject({ code: "bad_request" });
    expect(await (await safeFetch(`${a.origin}/hello`, ALLOW_A)).text()).toBe("hello there");
  });

  it("follows allowed redirects and reports the final URL", async () => {
    const res = await safeFetch(`${a.origin}/to-hello`, ALLOW_A);
    expect(await res.text()).toBe("hello there");
    expect(res.url).toBe(`${a.origin}/hello`);
  });

  it("refuses a redirect from an allowed host to a blocked one", async () => {
    // The redirect target is the server's, not the caller's: the message names only the class.
    await expect(safeFetch(`${a.origin}/to-metadata`, ALLOW_A)).rejects.toMatchObject({
      code: "bad_request",
      message: "Blocked: the page redirected to a link-local address.",
    });
    // Allowed A, not-allowlisted B (127.0.0.2): the second hop is re-checked.
    const before = b.seen.length;
    await expect(safeFetch(`${a.origin}/to-other-ip`, ALLOW_A)).rejects.toThrow(
      "Blocked: the page redirected to a loopback address.",
    );
    // A local name whose addresses are not allowlisted is refused by name.
    vi.spyOn(dns.promises, "lookup").mockResolvedValue([{ address: "127.0.0.2", family: 4 }] as never);
    await expect(safeFetch(`${a.origin}/to-other`, ALLOW_A)).rejects.toThrow(
      "Blocked: the page redirected to a local host name.",
    );
    expect(b.seen.length).toBe(before);
  });

  it("stops after maxRedirects", async () => {
    await expect(safeFetch(`${a.origin}/loop`, { ...ALLOW_A, maxRedirects: 3 })).rejects.toThrow(
      "Too many redirects (more than 3).",
    );
  });

  it("pins the connection to the vetted address and drops credentials across origins", async () => {
    // DNS says localhost is 127.0.0.2; the system resolver would say 127.0.0.1 or ::1,
    // where nothing listens on b's port. Success proves the socket used the vetted answer.
    vi.spyOn(dns.promises, "lookup").mockResolvedValue([{ address: "127.0.0.2", family: 4 }] as never);
    const res = await safeFetch(`${a.origin}/to-other`, {
      allowlist: "127.0.0.1, localhost",
      method: "POST",
      body: "{}",
      headers: { authorization: "Bearer secret-token", "content-type": "application/json" },
    });
    expect(await res.text()).toBe("hello there");
    expect(a.seen.at(-1)).toMatchObject({ path: "/to-other", authorization: "Bearer secret-token" });
    expect(b.seen.at(-1)).toMatchObject({ path: "/hello" });
    expect(b.seen.at(-1)?.authorization).toBeUndefined();
  });

  it("drops every credential header on a redirect to another origin (another port), keeps them on the same origin", async () => {
    const secrets = {
      authorization: "Bearer sk-secret",
      "x-api-key": "sk-ant-secret",
      "x-goog-api-key": "AIza-secret",
      "api-key": "azure-secret",
      cookie: "session=secret",
      "proxy-authorization": "Basic secret",
      "x-integration-token": "custom-secret",
      "x-custom": "kept",
    };
    const res = await safeFetch(`${a.origin}/to-c`, { ...ALLOW_A, headers: secrets });
    expect(await res.text()).toBe("hello there");
    expect(res.url).toBe(`${c.origin}/hello`);
    expect(a.seen.at(-1)?.headers).toMatchObject(secrets);
    const atC = c.seen.at(-1)?.headers ?? {};
    expect(c.seen.at(-1)?.path).toBe("/hello");
    for (const name of [
      "x-integration-token",
      "authorization",
      "x-api-key",
      "x-goog-api-key",
      "api-key",
      "cookie",
      "proxy-authorization",
    ])
      expect(atC[name], name).toBeUndefined();
    expect(atC["x-custom"]).toBe("kept");

    // Same origin: the credentials were meant for it and stay.
    await (await safeFetch(`${a.origin}/to-self-hello`, { ...ALLOW_A, headers: secrets })).text();
    expect(a.seen.at(-1)).toMatchObject({ path: "/hello", headers: secrets });
  });

  it("enforces the size cap from Content-Length and while streaming", async () => {
    await expect(safeFetch(`${a.origin}/big-declared`, { ...ALLOW_A, maxBytes: 50_000 })).rejects.toThrow(
      "The response is larger than the 50000 bytes limit.",
    );
    const res = await safeFetch(`${a.origin}/big-chunked`, { ...ALLOW_A, maxBytes: 50_000 });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow(/larger than the 50000 bytes limit/);
    const fits = await safeFetch(`${a.origin}/big-chunked`, { ...ALLOW_A, maxBytes: 200_000 });
    expect((await fits.text()).length).toBe(200_000);
  });

  it("enforces the timeout for the answer and for the body", async () => {
    const started = Date.now();
    await expect(safeFetch(`${a.origin}/hang`, { ...ALLOW_A, timeoutMs: 200 })).rejects.toMatchObject({
      code: "bad_request",
      message: `Timed out after 200 ms fetching 127.0.0.1:${a.port}.`,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    const res = await safeFetch(`${a.origin}/slow-body`, { ...ALLOW_A, timeoutMs: 300 });
    await expect(res.text()).rejects.toThrow(/Timed out after 300 ms/);
  });

  it("keeps a caller's abort an abort", async () => {
    const ctl = new AbortController();
    const pending = safeFetch(`${a.origin}/hang`, { ...ALLOW_A, signal: ctl.signal });
    ctl.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});
