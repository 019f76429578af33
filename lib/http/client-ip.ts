import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { env } from "../env";
import { parseTrustedProxies, type TrustedProxies } from "./trusted-proxies";

/**
 * The client's address as our app server (server/main.ts) determined it. It is
 * written on every request that server handles, always overwriting whatever
 * the client sent under that name, so a route may believe it; nothing else is.
 */
export const CLIENT_IP_HEADER = "x-switchboard-client-ip";

interface ClientIpState {
  /** Set once this process has rewritten a request: from then on the header above is ours. */
  bridged: boolean;
  proxies?: TrustedProxies;
}
const store = globalThis as unknown as { __switchboardClientIp?: ClientIpState };
const state = (): ClientIpState => {
  store.__switchboardClientIp ??= { bridged: false };
  return store.__switchboardClientIp;
};

/** TRUSTED_PROXIES, parsed once (env.ts has already validated it). */
export function trustedProxies(): TrustedProxies {
  const s = state();
  s.proxies ??= parseTrustedProxies(env().TRUSTED_PROXIES).proxies;
  return s.proxies;
}

/** Replaces the trusted proxies of this process (tests; the environment is read once). */
export function setTrustedProxies(spec: string | undefined): void {
  const { proxies, problems } = parseTrustedProxies(spec);
  if (problems.length > 0) throw new Error(`TRUSTED_PROXIES: ${problems.join("; ")}`);
  state().proxies = proxies;
}

/** "1.2.3.4:567", "[::1]:80" and "::ffff:1.2.3.4" forms, as proxies write them; null if not an address. */
function bareAddress(hop: string): string | null {
  let s = hop.trim();
  if (!isIP(s)) {
    if (s.startsWith("[")) s = s.slice(1, Math.max(1, s.indexOf("]")));
    else if (s.includes(":") && s.indexOf(":") === s.lastIndexOf(":")) s = s.slice(0, s.indexOf(":"));
  }
  if (s.toLowerCase().startsWith("::ffff:") && isIP(s.slice(7)) === 4) s = s.slice(7);
  return isIP(s) ? s : null;
}

/**
 * The client behind `peer`: the peer itself unless it is a trusted proxy; then
 * X-Forwarded-For read from the right, where each trusted hop vouches for the
 * one before it, and the first untrusted hop is the client. Hops further left
 * are whatever the client claimed and are never used.
 */
export function resolveClientAddress(
  peer: string | undefined,
  forwardedFor: string | null | undefined,
  proxies: TrustedProxies,
): string | undefined {
  const socket = peer ? (bareAddress(peer) ?? peer) : undefined;
  if (!proxies.trusts(socket)) return socket;
  const hops = (forwardedFor ?? "").split(",").slice(-32);
  let client = socket;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = bareAddress(hops[i] ?? "");
    // Not an address: a proxy passed something through unchecked; stop at the last one we know.
    if (!hop) return client;
    client = hop;
    if (!proxies.trusts(hop)) return hop;
  }
  return client;
}

interface HeaderEdit {
  get(name: string): string | null | undefined;
  set(name: string, value: string): void;
  delete(name: string): void;
}

export interface SocketFacts {
  peer: string | undefined;
  encrypted: boolean;
  localPort: number | undefined;
  host: string;
}

const FORWARDED = [
  "forwarded",
  "x-real-ip",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-port",
  "x-forwarded-proto",
];

/**
 * The forwarded headers a route may rely on. From a trusted proxy, what it set
 * is kept and the gaps filled in (as Next does); from anyone else, what the
 * client sent is replaced by what the socket says. Either way the client's
 * address is written to CLIENT_IP_HEADER.
 */
export function applyForwarding(headers: HeaderEdit, socket: SocketFacts, proxies = trustedProxies()): void {
  state().bridged = true;
  const fromProxy = proxies.trusts(socket.peer ? (bareAddress(socket.peer) ?? undefined) : undefined);
  if (!fromProxy) for (const name of FORWARDED) headers.delete(name);
  const proto = headers.get("x-forwarded-proto") ?? (socket.encrypted ? "https" : "http");
  const fill = (name: string, value: string | undefined) => {
    if (value && !headers.get(name)) headers.set(name, value);
  };
  fill("x-forwarded-host", socket.host);
  fill("x-forwarded-port", String(socket.localPort ?? (proto === "https" ? 443 : 80)));
  fill("x-forwarded-proto", proto);
  const client = resolveClientAddress(socket.peer, headers.get("x-forwarded-for"), proxies);
  fill("x-forwarded-for", socket.peer);
  if (client) headers.set(CLIENT_IP_HEADER, client);
  else headers.delete(CLIENT_IP_HEADER);
}

/** applyForwarding on a Node request in place, for the requests the app server hands to Next. */
export function secureNodeRequest(req: IncomingMessage, proxies = trustedProxies()): void {
  const h = req.headers;
  applyForwarding(
    {
      get: (name) => {
        const v = h[name];
        return Array.isArray(v) ? v.join(", ") : v;
      },
      set: (name, value) => {
        h[name] = value;
      },
      delete: (name) => {
        delete h[name];
      },
    },
    {
      peer: req.socket.remoteAddress,
      encrypted: (req.socket as { encrypted?: boolean }).encrypted === true,
      localPort: req.socket.localPort,
      host: typeof h.host === "string" ? h.host : "localhost",
    },
    proxies,
  );
}

/**
 * The client's address for rate limits and session records. Only what our app
 * server wrote counts: under `next dev`, or for a handler called directly,
 * every header is the client's own claim, so the address is unknown (all such
 * requests share one rate-limit bucket rather than each choosing its own).
 */
export function clientIp(req: Request): string | undefined {
  if (!state().bridged) return undefined;
  return req.headers.get(CLIENT_IP_HEADER) || undefined;
}
