import { type Cidr, cidrContains, embeddedIpv4, type ParsedIp, parseCidr } from "./ip-address";

/**
 * SSRF_ALLOWLIST: comma-separated hosts ("ollama.lan", "*.corp.example") and
 * addresses or CIDRs ("10.1.2.3", "192.168.0.0/16", "fd00::/8"). Operators use
 * it to let outbound fetches reach private services they run on purpose.
 */
export interface Allowlist {
  hosts: string[];
  suffixes: string[];
  cidrs: Cidr[];
}

export function parseAllowlist(spec: string | undefined): Allowlist {
  const list: Allowlist = { hosts: [], suffixes: [], cidrs: [] };
  for (const raw of (spec ?? "").split(",")) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    const cidr = parseCidr(entry);
    if (cidr) list.cidrs.push(cidr);
    else if (entry.startsWith("*.")) list.suffixes.push(entry.slice(1));
    else if (entry.startsWith(".")) list.suffixes.push(entry);
    else list.hosts.push(entry.replace(/\.$/, ""));
  }
  return list;
}

export function allowsHost(list: Allowlist, hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return list.hosts.includes(host) || list.suffixes.some((s) => host.endsWith(s));
}

/** Mapped forms count too: allowing 127.0.0.1 also allows ::ffff:127.0.0.1. */
export function allowsIp(list: Allowlist, ip: ParsedIp): boolean {
  const v4 = embeddedIpv4(ip);
  return list.cidrs.some((c) => cidrContains(c, ip) || (v4 !== null && cidrContains(c, v4)));
}
