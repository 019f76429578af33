import { afterAll, describe, expect, it } from "vitest";
import { readHtml } from "./html-to-text";
import { closeHtmlWorkers, readHtmlOffThread, TOO_COMPLEX } from "./html-to-text-pool";

afterAll(async () => {
  await closeHtmlWorkers();
});

const page = (i: number) =>
  `<html><head><title>Page ${i}</title><script>x()</script></head><body><h1>Hello ${i}</h1><p>a&amp;b</p></body></html>`;

describe("readHtmlOffThread", () => {
  it("gives the same result as readHtml, for many pages at once", async () => {
    const pages = Array.from({ length: 12 }, (_, i) => page(i));
    const results = await Promise.all(pages.map((p) => readHtmlOffThread(p, { maxChars: 100 })));
    expect(results).toEqual(pages.map((p) => readHtml(p, { maxChars: 100 })));
    expect(results[3]).toEqual({ text: "Hello 3\na&b", title: "Page 3", truncated: false });
  });

  it("terminates a worker over its deadline with a clear error, and keeps serving", async () => {
    const heavy = "<div>word ".repeat(200_000);
    await expect(readHtmlOffThread(heavy, { deadlineMs: 1 })).rejects.toMatchObject({
      code: "bad_request",
      message: TOO_COMPLEX,
    });
    await expect(readHtmlOffThread(page(1))).resolves.toMatchObject({ title: "Page 1" });
  });

  it("takes the deadline from HTML_PARSE_DEADLINE_MS", async () => {
    process.env.HTML_PARSE_DEADLINE_MS = "1";
    try {
      await expect(readHtmlOffThread("<p>x</p>".repeat(200_000))).rejects.toThrow(TOO_COMPLEX);
    } finally {
      delete process.env.HTML_PARSE_DEADLINE_MS;
    }
    await expect(readHtmlOffThread(page(2))).resolves.toMatchObject({ title: "Page 2" });
  });

  it("stops when the caller aborts", async () => {
    const ctl = new AbortController();
    const pending = readHtmlOffThread("<p>y</p>".repeat(300_000), { signal: ctl.signal });
    ctl.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    await expect(readHtmlOffThread(page(3))).resolves.toMatchObject({ title: "Page 3" });
  });
});
