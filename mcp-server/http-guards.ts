// Origin and Host checks of the MCP spec's security practices for
// Streamable HTTP: a web page must not be able to drive a local server, either
// directly (Origin) or through DNS rebinding (Host).

export interface HttpPolicy {
  origins: Set<string>;
  /** Host headers accepted exactly ("localhost:3001"). */
  hosts: Set<string>;
  /** Hostnames accepted on any port (configured without one: "mcp.example.com"). */
  hostnames: Set<string>;
}

export function splitList(v: string | undefined): string[] {
  return (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function normalizeOrigin(o: string): string | undefined {
  try {
    const origin = new URL(o).origin;
    return origin === "null" ? undefined : origin;
  } catch {
    return undefined;
  }
}

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];

export function buildHttpPolicy(opts: {
  port: number;
  appUrl: string;
  extraOrigins?: string[];
  extraHosts?: string[];
  publicUrl?: string;
}): HttpPolicy {
  const origins = new Set<string>();
  for (const o of [
    opts.appUrl,
    ...LOOPBACK.map((h) => `http://${h}:${opts.port}`),
    ...(opts.extraOrigins ?? []),
  ]) {
    const n = normalizeOrigin(o);
    if (n) origins.add(n);
  }
  const hosts = new Set(LOOPBACK.map((h) => `${h}:${opts.port}`));
  // Port 80 is left out of Host headers by clients.
  if (opts.port === 80) for (const h of LOOPBACK) hosts.add(h);
  const hostnames = new Set<string>();
  const configured = [...(opts.extraHosts ?? [])];
  if (opts.publicUrl) configured.push(new URL(opts.publicUrl).host);
  for (const raw of configured) {
    const h = raw.toLowerCase();
    // "host:port" or "[v6]:port" is exact; a bare name matches any port.
    if (/:\d+$/.test(h)) hosts.add(h);
    else hostnames.add(h);
  }
  return { origins, hosts, hostnames };
}

/** Requests without Origin come from non-browser clients and are allowed. */
export function originAllowed(policy: HttpPolicy, origin: string | undefined): boolean {
  if (origin === undefined) return true;
  const n = normalizeOrigin(origin);
  return n !== undefined && policy.origins.has(n);
}

export function hostAllowed(policy: HttpPolicy, host: string | undefined): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  if (policy.hosts.has(h)) return true;
  const name = h.replace(/:\d+$/, "");
  return policy.hostnames.has(name);
}
