import { describe, expect, it } from "vitest";
import { allowsHost, allowsIp, parseAllowlist } from "./allowlist";
import { classifyAddress, parseCidr, parseIp } from "./ip-address";

describe("classifyAddress", () => {
  const cases: [string, string][] = [
    // IPv4
    ["8.8.8.8", "public"],
    ["1.1.1.1", "public"],
    ["93.184.216.34", "public"],
    ["10.0.0.5", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "private"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["169.254.169.254", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.255", "carrier-grade NAT"],
    ["100.128.0.1", "public"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.10", "documentation"],
    ["198.18.0.1", "reserved"],
    // IPv6
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf::1", "link-local"],
    ["fc00::1", "unique-local"],
    ["fd12:3456:789a::1", "unique-local"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "documentation"],
    ["2606:4700:4700::1111", "public"],
    ["2001:4860:4860::8888", "public"],
    ["3fff::1", "public"],
    ["4000::1", "reserved"],
    // IPv4 inside IPv6
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.1.2.3", "private"],
    ["::ffff:169.254.169.254", "link-local"],
    ["::ffff:8.8.8.8", "public"],
    ["::127.0.0.1", "loopback"],
    ["::8.8.8.8", "reserved"],
    ["64:ff9b::a9fe:a9fe", "link-local"],
    ["64:ff9b::808:808", "public"],
    ["2002:7f00:1::", "loopback"],
    ["2002:c0a8:101::1", "private"],
    ["2002:808:808::1", "public"],
    // Not IP literals at all
    ["localhost", "reserved"],
    ["2130706433", "reserved"],
  ];
  it.each(cases)("%s is %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe("parseIp / parseCidr", () => {
  it("parses both families and rejects junk", () => {
    expect(parseIp("127.0.0.1")).toEqual({ family: 4, value: 0x7f000001n });
    expect(parseIp("::ffff:127.0.0.1")?.value).toBe(parseIp("::ffff:7f00:1")?.value);
    expect(parseIp("1.2.3")).toBeNull();
    expect(parseIp("example.com")).toBeNull();
    expect(parseIp("01.2.3.4")).toBeNull();
  });

  it("parses CIDRs strictly", () => {
    expect(parseCidr("10.0.0.0/8")).toEqual({ family: 4, base: 10n, prefix: 8 });
    expect(parseCidr("10.1.2.3")?.prefix).toBe(32);
    expect(parseCidr("fd00::/8")?.prefix).toBe(8);
    expect(parseCidr("10.0.0.0/33")).toBeNull();
    expect(parseCidr("10.0.0.0/")).toBeNull();
    expect(parseCidr("10.0.0.0/8/1")).toBeNull();
    expect(parseCidr("host.example/8")).toBeNull();
  });
});

describe("allowlist", () => {
  const list = parseAllowlist(" ollama.lan, *.corp.example ,10.0.0.0/8, 127.0.0.1,fd00::/8,");

  it("matches hosts exactly or by suffix, case-insensitively", () => {
    expect(allowsHost(list, "OLLAMA.lan")).toBe(true);
    expect(allowsHost(list, "ollama.lan.")).toBe(true);
    expect(allowsHost(list, "api.corp.example")).toBe(true);
    expect(allowsHost(list, "corp.example")).toBe(false);
    expect(allowsHost(list, "evilcorp.example")).toBe(false);
    expect(allowsHost(list, "other.lan")).toBe(false);
  });

  it("matches addresses by CIDR, including IPv4-mapped forms", () => {
    const ip = (s: string) => parseIp(s) ?? { family: 4 as const, value: -1n };
    expect(allowsIp(list, ip("10.9.8.7"))).toBe(true);
    expect(allowsIp(list, ip("127.0.0.1"))).toBe(true);
    expect(allowsIp(list, ip("127.0.0.2"))).toBe(false);
    expect(allowsIp(list, ip("::ffff:127.0.0.1"))).toBe(true);
    expect(allowsIp(list, ip("fd00::5"))).toBe(true);
    expect(allowsIp(list, ip("fc00::5"))).toBe(false);
    expect(allowsIp(parseAllowlist(undefined), ip("127.0.0.1"))).toBe(false);
  });
});
