import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ToolExecutionOptions } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeHtmlWorkers, TOO_COMPLEX } from "./html-to-text-pool";
import { webFetchTool } from "./web-fetch";

// Issue 11, defect 1: one page of 2 MB of `<!--` froze the whole server for
// more than 11 minutes (quadratic regexes on the event loop).
const COMMENTS = "<!--".repeat(500_000);
const BIG_PAGE = `<html><head><title>Big</title></head><body>${"<p>Some words of a long article.</p>".repeat(6_000)}</body></html>`;

let server: http.Server;
let origin: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const html = { "content-type": "text/html; charset=utf-8" };
    if (req.url === "/comments") return res.writeHead(200, html).end(COMMENTS);
    if (req.url === "/big") return res.writeHead(200, html).end(BIG_PAGE);
    if (req.url === "/health") return res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  delete process.env.HTML_PARSE_DEADLINE_MS;
});

afterAll(async () => {
  delete process.env.HTML_PARSE_DEADLINE_MS;
  await closeHtmlWorkers();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const opts: ToolExecutionOptions = { toolCallId: "call_1", messages: [] };
const webFetch = (url: string) => {
  const execute = webFetchTool().execute;
  if (!execute) throw new Error("web_fetch has no execute");
  return execute({ url }, opts);
};

/** Largest gap between ticks of a 10 ms interval while `work` runs: how long the event loop was stuck. */
async function maxLoopStall<T>(
  work: () => Promise<T>,
): Promise<{ result: T; stallMs: number; ticks: number }> {
  let last = performance.now();
  let stallMs = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
    ticks++;
  }, 10);
  try {
    const result = await work();
    stallMs = Math.max(stallMs, performance.now() - last);
    return { result, stallMs, ticks };
  } finally {
    clearInterval(timer);
  }
}

describe("web_fetch on a hostile page", () => {
  it("reads 2 MB of <!-- promptly, and the server keeps answering meanwhile", async () => {
    const started = performance.now();
    const healthTimes: number[] = [];
    const { result, stallMs, ticks } = await maxLoopStall(async () => {
      const fetching = webFetch(`${origin}/comments`);
      // Another request served by this same process while the page is read.
      const t = performance.now();
      expect(await (await fetch(`${origin}/health`)).text()).toBe("ok");
      healthTimes.push(performance.now() - t);
      return fetching;
    });
    expect(result).toEqual({
      untrusted: true,
      url: `${origin}/comments`,
      status: 200,
      contentType: "text/html; charset=utf-8",
      text: "",
      truncated: false,
    });
    // Generous bounds: the old code stalled the loop for minutes on this page.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(stallMs).toBeLessThan(1_000);
    expect(ticks).toBeGreaterThan(0);
    expect(healthTimes[0]).toBeLessThan(1_000);
  });

  it("reads a large ordinary page with its title, cut at 20,000 characters", async () => {
    const out = await webFetch(`${origin}/big`);
    expect(out).toMatchObject({ title: "Big", truncated: true });
    const text = (out as { text: string }).text;
    expect(text.length).toBe(20_000);
    expect(text.startsWith("Some words of a long article.\nSome words")).toBe(true);
  });

  it("gives the model a clear error when the page takes longer than the deadline", async () => {
    process.env.HTML_PARSE_DEADLINE_MS = "1";
    expect(await webFetch(`${origin}/big`)).toEqual({ untrusted: true, error: TOO_COMPLEX });
    delete process.env.HTML_PARSE_DEADLINE_MS;
    // The terminated worker is replaced: the next page reads normally.
    expect(await webFetch(`${origin}/big`)).toMatchObject({ title: "Big" });
  });
});
