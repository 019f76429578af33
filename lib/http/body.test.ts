import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../errors";
import { DRAIN_CEILING_BYTES, readJson } from "./body";

const schema = z.object({ name: z.string().min(1) });
const req = (body: BodyInit | null, type = "application/json") =>
  new Request("http://localhost/api/x", { method: "POST", body, headers: { "content-type": type } });

async function code(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return (e as AppError).code;
  }
  return "ok";
}

describe("readJson", () => {
  it("parses a valid body", async () => {
    await expect(readJson(req('{"name":"a"}'), schema)).resolves.toEqual({ name: "a" });
  });

  it("rejects malformed JSON, wrong content type, empty and oversized bodies with 4xx codes", async () => {
    expect(await code(readJson(req("{nope"), schema))).toBe("invalid_json");
    expect(await code(readJson(req('{"name":"a"}', "text/plain"), schema))).toBe("unsupported_media_type");
    expect(await code(readJson(req(""), schema))).toBe("bad_request");
    expect(
      await code(readJson(req(JSON.stringify({ name: "x".repeat(2000) })), schema, { maxBytes: 1024 })),
    ).toBe("payload_too_large");
  });

  it("reports which fields are missing", async () => {
    try {
      await readJson(req("{}"), schema);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(400);
      expect((e as AppError).details).toEqual([{ path: "name", message: expect.any(String) }]);
    }
  });

  it("counts streamed bytes instead of trusting Content-Length", async () => {
    const big = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new Uint8Array(512).fill(32));
        c.close();
      },
    });
    const r = new Request("http://localhost/api/x", {
      method: "POST",
      body: big,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(await code(readJson(r, schema, { maxBytes: 1024 }))).toBe("payload_too_large");
  });

  it("reads an oversized body to its end before the 413, so the client is not reset mid-upload", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (pulled === 20) return c.close();
        pulled++;
        c.enqueue(new Uint8Array(1024).fill(32));
      },
    });
    const r = new Request("http://localhost/api/x", {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(await code(readJson(r, schema, { maxBytes: 1024 }))).toBe("payload_too_large");
    expect(pulled).toBe(20);
  });

  it("answers a body declared beyond what it will ever read with 413 without reading it", async () => {
    const r = new Request("http://localhost/api/x", {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json", "content-length": String(DRAIN_CEILING_BYTES + 1) },
    });
    expect(await code(readJson(r, schema))).toBe("payload_too_large");
  });

  it("makes a body that fails mid-stream (client gone, broken chunking) a 400, not a 500", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('{"name":'));
        c.error(new Error("aborted"));
      },
    });
    const r = new Request("http://localhost/api/x", {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(await code(readJson(r, schema))).toBe("bad_request");
  });
});
