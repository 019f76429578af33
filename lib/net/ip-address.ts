import { isIPv4, isIPv6 } from "node:net";

/**
 * IP parsing and classification for the SSRF guard. Addresses become bigints so
 * IPv4 and IPv6 ranges use one containment check, and IPv6 forms that embed an
 * IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that address.
 */
export type AddressKind =
  | "public"
  | "private"
  | "loopback"
  | "link-local"
  | "carrier-grade NAT"
  | "unspecified"
  | "multicast"
  | "broadcast"
  | "unique-local"
  | "documentation"
  | "reserved";

export interface ParsedIp {
  family: 4 | 6;
  value: bigint;
}

export function parseIp(input: string): ParsedIp | null {
  const s = input.startsWith("[") && input.endsWith("]") ? input.slice(1, -1) : input;
  if (isIPv4(s)) return { family: 4, value: ipv4ToBigint(s) };
  // Zone ids (fe80::1%eth0) do not change what the address is.
  const bare = s.split("%")[0] ?? "";
  if (isIPv6(bare)) return { family: 6, value: ipv6ToBigint(bare) };
  return null;
}

function ipv4ToBigint(s: string): bigint {
  return s.split(".").reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6ToBigint(s: string): bigint {
  let text = s.toLowerCase();
  // A dotted IPv4 tail becomes two hextets.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (tail) {
    const v4 = ipv4ToBigint(tail);
    text = `${text.slice(0, -tail.length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = "", rest] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = rest ? rest.split(":") : [];
  const zeros = rest === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].reduce((acc, h) => (acc << 16n) | BigInt(Number.parseInt(h, 16)), 0n);
}

export interface Cidr {
  family: 4 | 6;
  base: bigint;
  prefix: number;
}

/** "10.0.0.0/8", "fc00::/7" or a bare address (a /32 or /128). */
export function parseCidr(input: string): Cidr | null {
  const [addr = "", bits, extra] = input.trim().split("/");
  if (extra !== undefined) return null;
  const ip = parseIp(addr);
  if (!ip) return null;
  const width = ip.family === 4 ? 32 : 128;
  const prefix = bits === undefined ? width : Number(bits);
  if (
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > width ||
    (bits !== undefined && !/^\d+$/.test(bits))
  )
    return null;
  return { family: ip.family, base: ip.value >> BigInt(width - prefix), prefix };
}

export function cidrContains(cidr: Cidr, ip: ParsedIp): boolean {
  if (cidr.family !== ip.family) return false;
  const width = ip.family === 4 ? 32 : 128;
  return ip.value >> BigInt(width - cidr.prefix) === cidr.base;
}

function table(rows: [string, AddressKind][]): [Cidr, AddressKind][] {
  return rows.map(([c, kind]) => [parseCidr(c) as Cidr, kind]);
}

// Order matters: the first match wins (broadcast before the reserved 240/4).
const V4 = table([
  ["0.0.0.0/8", "unspecified"],
  ["10.0.0.0/8", "private"],
  ["100.64.0.0/10", "carrier-grade NAT"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["172.16.0.0/12", "private"],
  ["192.0.0.0/24", "reserved"],
  ["192.0.2.0/24", "documentation"],
  ["192.88.99.0/24", "reserved"],
  ["192.168.0.0/16", "private"],
  ["198.18.0.0/15", "reserved"],
  ["198.51.100.0/24", "documentation"],
  ["203.0.113.0/24", "documentation"],
  ["224.0.0.0/4", "multicast"],
  ["255.255.255.255/32", "broadcast"],
  ["240.0.0.0/4", "reserved"],
]);

const V6 = table([
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["64:ff9b:1::/48", "private"],
  ["100::/64", "reserved"],
  ["2001::/32", "reserved"], // Teredo: tunnels to an address we cannot see
  ["2001:db8::/32", "documentation"],
  ["fc00::/7", "unique-local"],
  ["fe80::/10", "link-local"],
  ["fec0::/10", "private"], // deprecated site-local
  ["ff00::/8", "multicast"],
]);

const MAPPED = parseCidr("::ffff:0:0/96") as Cidr;
const COMPAT = parseCidr("::/96") as Cidr;
const NAT64 = parseCidr("64:ff9b::/96") as Cidr;
const SIX_TO_FOUR = parseCidr("2002::/16") as Cidr;
const GLOBAL_UNICAST = parseCidr("2000::/3") as Cidr;

/** The IPv4 address an IPv6 address stands for, if it embeds one. */
export function embeddedIpv4(ip: ParsedIp): ParsedIp | null {
  if (ip.family !== 6) return null;
  if (cidrContains(MAPPED, ip) || cidrContains(NAT64, ip) || cidrContains(COMPAT, ip)) {
    return { family: 4, value: ip.value & 0xffffffffn };
  }
  if (cidrContains(SIX_TO_FOUR, ip)) return { family: 4, value: (ip.value >> 80n) & 0xffffffffn };
  return null;
}

export function classifyIp(ip: ParsedIp): AddressKind {
  const rows = ip.family === 4 ? V4 : V6;
  for (const [cidr, kind] of rows) if (cidrContains(cidr, ip)) return kind;
  if (ip.family === 4) return "public";
  const v4 = embeddedIpv4(ip);
  if (v4) {
    const inner = classifyIp(v4);
    // ::a.b.c.d (IPv4-compatible) is deprecated and never routed, even for a public a.b.c.d.
    return inner === "public" && cidrContains(COMPAT, ip) ? "reserved" : inner;
  }
  return cidrContains(GLOBAL_UNICAST, ip) ? "public" : "reserved";
}

/** Classifies an address string; anything that is not an IP literal is "reserved". */
export function classifyAddress(address: string): AddressKind {
  const ip = parseIp(address);
  return ip ? classifyIp(ip) : "reserved";
}

export function describeKind(kind: AddressKind): string {
  // "an unspecified", but "a unique-local".
  return `${/^(?:[aeio]|un[^i])/.test(kind) ? "an" : "a"} ${kind} address`;
}
