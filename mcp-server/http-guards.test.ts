import { describe, expect, it } from "vitest";
import { buildHttpPolicy, hostAllowed, originAllowed, splitList } from "./http-guards";

const policy = buildHttpPolicy({
  port: 3001,
  appUrl: "http://localhost:3000/some/path",
  extraOrigins: ["https://Console.Example.com"],
  extraHosts: ["mcp.example.com", "proxy.internal:8443"],
});

describe("originAllowed", () => {
  it("allows no Origin (non-browser clients), the app's origin and loopback on the MCP port", () => {
    expect(originAllowed(policy, undefined)).toBe(true);
    expect(originAllowed(policy, "http://localhost:3000")).toBe(true);
    expect(originAllowed(policy, "http://localhost:3001")).toBe(true);
    expect(originAllowed(policy, "http://127.0.0.1:3001")).toBe(true);
    expect(originAllowed(policy, "https://console.example.com")).toBe(true);
  });

  it("refuses any other origin, 'null' and garbage", () => {
    expect(originAllowed(policy, "https://evil.example")).toBe(false);
    expect(originAllowed(policy, "http://localhost:3002")).toBe(false);
    expect(originAllowed(policy, "https://localhost:3000")).toBe(false);
    expect(originAllowed(policy, "null")).toBe(false);
    expect(originAllowed(policy, "not a url")).toBe(false);
    expect(originAllowed(policy, "")).toBe(false);
  });
});

describe("hostAllowed", () => {
  it("allows loopback names with the port, and configured hosts", () => {
    for (const h of ["localhost:3001", "127.0.0.1:3001", "[::1]:3001", "LOCALHOST:3001"]) {
      expect(hostAllowed(policy, h)).toBe(true);
    }
    expect(hostAllowed(policy, "mcp.example.com")).toBe(true);
    expect(hostAllowed(policy, "mcp.example.com:443")).toBe(true);
    expect(hostAllowed(policy, "proxy.internal:8443")).toBe(true);
  });

  it("refuses rebinding names, other ports and a missing Host", () => {
    expect(hostAllowed(policy, "evil.example:3001")).toBe(false);
    expect(hostAllowed(policy, "localhost:80")).toBe(false);
    expect(hostAllowed(policy, "localhost")).toBe(false);
    expect(hostAllowed(policy, "proxy.internal:9000")).toBe(false);
    expect(hostAllowed(policy, undefined)).toBe(false);
  });

  it("accepts bare loopback names on port 80", () => {
    const p80 = buildHttpPolicy({ port: 80, appUrl: "http://localhost:3000" });
    expect(hostAllowed(p80, "localhost")).toBe(true);
  });

  it("allows the host of MCP_PUBLIC_URL", () => {
    const p = buildHttpPolicy({
      port: 3001,
      appUrl: "http://localhost:3000",
      publicUrl: "https://mcp.acme.io/mcp",
    });
    expect(hostAllowed(p, "mcp.acme.io")).toBe(true);
  });
});

describe("splitList", () => {
  it("splits comma lists and drops blanks", () => {
    expect(splitList(" a, b ,,c ")).toEqual(["a", "b", "c"]);
    expect(splitList(undefined)).toEqual([]);
  });
});
