import dns from "node:dns";
import { AppError } from "../errors";
import { logger } from "../logger";
import { currentRequestId } from "../request-context";
import { type Allowlist, allowsHost, allowsIp, parseAllowlist } from "./allowlist";
import { type AddressKind, classifyIp, describeKind, type ParsedIp, parseIp } from "./ip-address";

export interface SsrfOptions {
  /** Overrides SSRF_ALLOWLIST (comma-separated hosts or CIDRs). */
  allowlist?: string;
  /**
   * Logged with a refusal, so the detail in the server log can be matched to the request.
   * Defaults to the request being served (lib/request-context.ts).
   */
  requestId?: string;
}

interface VetOptions extends SsrfOptions {
  /** The URL came from a Location header, not from the caller: name nothing from it. */
  redirected?: boolean;
}

/** A URL that passed the checks, and the addresses a connection to it may use. */
export interface VettedUrl {
  url: URL;
  address: string;
  family: 4 | 6;
  addresses: { address: string; family: 4 | 6 }[];
}

// Names that only ever mean "this machine" or "this private network", whatever
// they resolve to (metadata.google.internal is 169.254.169.254 on GCP).
const LOCAL_NAME = /(^|\.)(localhost|internal|local|localdomain|home\.arpa|lan|intranet)$/i;

// `cause` is logged, never sent (lib/errors.ts): the detail stays on the server.
const blocked = (message: string, cause?: unknown) => new AppError("bad_request", message, { cause });

/**
 * Read per call from process.env rather than the cached env(): it is the same
 * source, and tests (ours and other modules') set it after start-up.
 */
export function currentAllowlist(opts: SsrfOptions = {}): Allowlist {
  return parseAllowlist(opts.allowlist ?? process.env.SSRF_ALLOWLIST);
}

function parseUrl(input: string | URL): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw blocked("That is not a valid URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw blocked(`Blocked: only http and https URLs are allowed, not ${url.protocol.replace(":", "")}.`);
  }
  if (url.username || url.password) throw blocked("Blocked: URLs with embedded credentials are not allowed.");
  return url;
}

async function resolveHost(hostname: string): Promise<{ address: string; family: number }[]> {
  const literal = parseIp(hostname);
  if (literal) return [{ address: hostname.replace(/^\[|\]$/g, ""), family: literal.family }];
  try {
    // Every A/AAAA record is checked: a name with one public and one private
    // address must not pass because the public one happened to come first.
    const all = await dns.promises.lookup(hostname, { all: true, verbatim: true });
    if (all.length === 0) throw new Error("no addresses");
    return all;
  } catch (e) {
    throw new AppError("bad_request", `Could not resolve ${hostname}.`, { cause: e });
  }
}

/**
 * Throws unless every address `url`'s host resolves to is public, or the host
 * or address is allowlisted. Decimal, hex and octal IPv4 forms are already
 * normalised to dotted quads by the WHATWG URL parser, so they are caught too.
 */
export async function assertPublicUrl(input: string | URL, opts: VetOptions = {}): Promise<VettedUrl> {
  const url = parseUrl(input);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const list = currentAllowlist(opts);
  const hostAllowed = allowsHost(list, host);
  const localName = !parseIp(host) && LOCAL_NAME.test(host.replace(/\.$/, ""));
  const addresses = await resolveHost(host);
  for (const { address } of addresses) {
    const ip = parseIp(address) as ParsedIp;
    if (hostAllowed || allowsIp(list, ip)) continue;
    const kind = localName ? "local-name" : classifyIp(ip);
    if (kind === "public") continue;
    // The full story (name, address it resolved to) goes to the log only: a
    // caller probing with URLs must not learn how internal names resolve.
    const detail = { host, address, kind, redirected: !!opts.redirected };
    const requestId = opts.requestId ?? currentRequestId();
    logger.info({ requestId, ssrf: detail }, "ssrf: outbound request blocked");
    throw blocked(refusal(host, address, kind, !!opts.redirected), { ssrf: detail });
  }
  const vetted = addresses.map((a) => ({
    address: a.address,
    family: a.family === 6 ? (6 as const) : (4 as const),
  }));
  const first = vetted[0] as VettedUrl["addresses"][number];
  return { url, ...first, addresses: vetted };
}

/** What the caller may read: the reason class, and only the host the caller itself gave. */
/**
 * The save-time check for an address that is called later (a channel's
 * server): an IP literal or a local host name is vetted now, with no DNS; a
 * public-looking name is vetted on every call (it may not resolve yet when
 * it is saved, and what it resolves to may change).
 */
export async function assertPublicUrlIfLiteral(input: string | URL, opts: VetOptions = {}): Promise<void> {
  const url = parseUrl(input);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (parseIp(host) || LOCAL_NAME.test(host.replace(/\.$/, ""))) await assertPublicUrl(url, opts);
}

function refusal(host: string, address: string, kind: string, redirected: boolean): string {
  const what = kind === "local-name" ? "a local host name" : describeKind(kind as AddressKind);
  if (redirected) return `Blocked: the page redirected to ${what}.`;
  if (kind === "local-name") return `Blocked: ${host} is a local host name.`;
  return address === host ? `Blocked: ${host} is ${what}.` : `Blocked: ${host} resolves to ${what}.`;
}
