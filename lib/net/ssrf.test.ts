import dns from "node:dns";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AppError } from "../errors";
import { logger } from "../logger";
import { assertPublicUrl, safeFetch } from "./ssrf";

type LookupAll = (host: string, opts: object) => Promise<{ address: string; family: number }[]>;

/** Fakes DNS so no test depends on (or reaches) a real resolver. */
function fakeDns(records: Record<string, string[]>) {
  const impl: LookupAll = async (host) => {
    const list = records[host];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return list.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return vi.spyOn(dns.promises, "lookup").mockImplementation(impl as never);
}

const blocked = async (url: string, allowlist = "") => {
  try {
    await assertPublicUrl(url, { allowlist });
  } catch (e) {
    return { code: (e as { code?: string }).code, message: (e as Error).message };
  }
  return undefined;
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe("assertPublicUrl", () => {
  it.each([
    ["http://127.0.0.1/", "Blocked: 127.0.0.1 is a loopback address."],
    ["http://10.0.0.5:8080/x", "Blocked: 10.0.0.5 is a private address."],
    ["http://169.254.169.254/latest/meta-data/", "Blocked: 169.254.169.254 is a link-local address."],
    ["http://0.0.0.0/", "Blocked: 0.0.0.0 is an unspecified address."],
    ["http://[::1]/", "Blocked: ::1 is a loopback address."],
    ["http://[::ffff:127.0.0.1]/", "Blocked: ::ffff:7f00:1 is a loopback address."],
    ["http://[fd00::1]/", "Blocked: fd00::1 is a unique-local address."],
    ["http://2130706433/", "Blocked: 127.0.0.1 is a loopback address."],
    ["http://0x7f.1/", "Blocked: 127.0.0.1 is a loopback address."],
    ["http://100.64.1.1/", "Blocked: 100.64.1.1 is a carrier-grade NAT address."],
    ["http://255.255.255.255/", "Blocked: 255.255.255.255 is a broadcast address."],
  ])("blocks %s", async (url, message) => {
    expect(await blocked(url)).toEqual({ code: "bad_request", message });
  });

  it("refuses other schemes and embedded credentials", async () => {
    expect((await blocked("file:///etc/passwd"))?.message).toMatch(/only http and https/);
    expect((await blocked("gopher://example.com/"))?.message).toMatch(/only http and https/);
    expect((await blocked("http://user:pw@8.8.8.8/"))?.message).toMatch(/credentials/);
    expect((await blocked("not a url"))?.message).toMatch(/not a valid URL/);
  });

  it("checks every address a name resolves to", async () => {
    fakeDns({ "mixed.example": ["8.8.8.8", "10.1.1.1"], "good.example": ["8.8.8.8", "2606:4700::1"] });
    expect((await blocked("https://mixed.example/"))?.message).toBe(
      "Blocked: mixed.example resolves to a private address.",
    );
    const ok = await assertPublicUrl("https://good.example/a?b=1", { allowlist: "" });
    expect(ok).toMatchObject({ address: "8.8.8.8", family: 4 });
    expect(ok.url.href).toBe("https://good.example/a?b=1");
  });

  it("never tells the caller what a name resolved to; the log has it, with the request id", async () => {
    fakeDns({ "db.corp.example": ["10.20.30.40"], "meta.example": ["169.254.169.254"] });
    const info = vi.spyOn(logger, "info");
    const err = await assertPublicUrl("http://db.corp.example:5432/", {
      allowlist: "",
      requestId: "req-1",
    }).catch((e: Error) => e);
    expect(err).toMatchObject({
      code: "bad_request",
      message: "Blocked: db.corp.example resolves to a private address.",
    });
    // What an API error or a tool result carries: the body, never the cause.
    expect(JSON.stringify((err as AppError).toBody())).not.toContain("10.20.30.40");
    expect(info).toHaveBeenCalledWith(
      {
        requestId: "req-1",
        ssrf: { host: "db.corp.example", address: "10.20.30.40", kind: "private", redirected: false },
      },
      "ssrf: outbound request blocked",
    );
    expect((await blocked("http://meta.example/"))?.message).toBe(
      "Blocked: meta.example resolves to a link-local address.",
    );
  });

  it("blocks local names even when they resolve publicly, unless allowlisted", async () => {
    fakeDns({ "metadata.google.internal": ["8.8.4.4"], "printer.local": ["192.168.1.9"] });
    expect((await blocked("http://metadata.google.internal/"))?.message).toBe(
      "Blocked: metadata.google.internal is a local host name.",
    );
    expect((await blocked("http://printer.local/"))?.message).toMatch(/local host name/);
    await expect(
      assertPublicUrl("http://printer.local/", { allowlist: "printer.local" }),
    ).resolves.toMatchObject({ address: "192.168.1.9" });
  });

  it("reports names that do not resolve", async () => {
    fakeDns({});
    expect(await blocked("https://nowhere.example/")).toEqual({
      code: "bad_request",
      message: "Could not resolve nowhere.example.",
    });
  });

  it("lets allowlisted hosts and CIDRs through, and only those", async () => {
    fakeDns({ "ollama.corp.example": ["10.2.3.4"] });
    await expect(assertPublicUrl("http://10.0.0.5/", { allowlist: "10.0.0.0/24" })).resolves.toMatchObject({
      address: "10.0.0.5",
    });
    expect(await blocked("http://10.0.1.5/", "10.0.0.0/24")).toBeDefined();
    await expect(
      assertPublicUrl("http://ollama.corp.example/", { allowlist: "*.corp.example" }),
    ).resolves.toMatchObject({ address: "10.2.3.4" });
    await expect(
      assertPublicUrl("http://[::ffff:127.0.0.1]/", { allowlist: "127.0.0.1" }),
    ).resolves.toBeDefined();
  });

  it("reads SSRF_ALLOWLIST from the environment per call", async () => {
    const before = process.env.SSRF_ALLOWLIST;
    try {
      process.env.SSRF_ALLOWLIST = "10.9.9.9";
      await expect(assertPublicUrl("http://10.9.9.9/")).resolves.toBeDefined();
      process.env.SSRF_ALLOWLIST = "";
      await expect(assertPublicUrl("http://10.9.9.9/")).rejects.toThrow(/private/);
    } finally {
      if (before === undefined) delete process.env.SSRF_ALLOWLIST;
      else process.env.SSRF_ALLOWLIST = before;
    }
  });
});

describe("safeFetch", () => {
  it("refuses junk and blocked URLs before connecting", async () => {
    await expect(safeFetch("::not a url::")).rejects.toMatchObject({
      code: "bad_request",
      message: "That is not a valid URL.",
    });
    await expect(
      safeFetch("http://169.254.169.254/latest/meta-data/", { allowlist: "" }),
    ).rejects.toMatchObject({
      code: "bad_request",
      message: "Blocked: 169.254.169.254 is a link-local address.",
    });
  });
});
