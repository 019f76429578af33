import { BlockList, isIP } from "node:net";

/**
 * The proxies whose X-Forwarded-For we believe (TRUSTED_PROXIES). Entries:
 * `loopback` (127.0.0.0/8 and ::1), an address, or a CIDR range, comma-separated.
 * Empty (the default) trusts none: the client is always the socket's peer.
 */
export interface TrustedProxies {
  readonly spec: string;
  readonly none: boolean;
  trusts(address: string | undefined): boolean;
}

const LOOPBACK = ["127.0.0.0/8", "::1/128"];

function addEntry(list: BlockList, entry: string): string | null {
  const [address = "", prefixText, extra] = entry.split("/");
  const family = isIP(address);
  if (!family || extra !== undefined) return `"${entry}" is not an address, a CIDR range or "loopback"`;
  const type = family === 4 ? "ipv4" : "ipv6";
  if (prefixText === undefined) {
    list.addAddress(address, type);
    return null;
  }
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefix >= 0 && prefix <= (family === 4 ? 32 : 128))) return `"${entry}" has an invalid prefix length`;
  list.addSubnet(address, prefix, type);
  return null;
}

/** Returns the problems, or the parsed list; never throws. */
export function parseTrustedProxies(spec: string | undefined): {
  proxies: TrustedProxies;
  problems: string[];
} {
  const entries = (spec ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .flatMap((e) => (e === "loopback" ? LOOPBACK : [e]));
  const list = new BlockList();
  const problems = entries.map((e) => addEntry(list, e)).filter((p): p is string => p !== null);
  return {
    problems,
    proxies: {
      spec: spec ?? "",
      none: entries.length === 0,
      trusts(address) {
        if (!address || entries.length === 0) return false;
        const family = isIP(address);
        return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
      },
    },
  };
}
