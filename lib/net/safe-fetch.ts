import type { LookupFunction } from "node:net";
import { Agent, fetch as undiciFetch } from "undici";
import { AppError, isAppError } from "../errors";
import { logger } from "../logger";
import { capBody } from "./capped-body";
import { assertPublicUrl, type SsrfOptions, type VettedUrl } from "./vet-url";

export interface SafeFetchInit extends Omit<RequestInit, "redirect">, SsrfOptions {
  /** Whole exchange, body included. Default 10 s. */
  timeoutMs?: number;
  /** Response body cap, counted while streaming. Default 5 MiB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
/**
 * Dropped when a redirect leaves the origin, as the fetch spec does for
 * Authorization: the vendor key headers of the providers we call (Anthropic,
 * Google, Azure OpenAI) carry the same secret, and a provider or integration
 * URL a workspace chose may redirect anywhere.
 */
const CREDENTIAL_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "x-api-key",
  "x-goog-api-key",
  "api-key",
  "x-auth-token",
]);
/** Any other header whose name says it carries a secret (custom integration headers, say). */
const CREDENTIAL_NAME = /auth|key|token|secret|cookie|session|passw|credential|signature/i;

function dropCredentials(headers: Headers): void {
  for (const name of [...headers.keys()]) {
    if (CREDENTIAL_HEADERS.has(name) || CREDENTIAL_NAME.test(name)) headers.delete(name);
  }
}

/**
 * Connects only to the vetted address: undici still sends the real Host and
 * SNI, but the socket never asks DNS again, so a rebinding answer between the
 * check and the connect cannot redirect it.
 */
function pinnedAgent(addresses: VettedUrl["addresses"]): Agent {
  const first = addresses[0] as VettedUrl["addresses"][number];
  // With `all` (Node's happy-eyeballs), every vetted address is offered; all passed the check.
  const lookup: LookupFunction = (_host, options, callback) => {
    if (options?.all) (callback as (e: null, a: VettedUrl["addresses"]) => void)(null, addresses);
    else callback(null, first.address, first.family);
  };
  return new Agent({ connect: { lookup } });
}

/**
 * Pinned agents by host and vetted address set, so repeated calls to one
 * endpoint (every model call of a workspace's provider) reuse a kept-alive
 * connection instead of a new TCP (and TLS) handshake each time. An agent only
 * ever connects to the addresses in its key, and every request is vetted
 * before it picks one, so reuse never skips a check.
 */
const agents = new Map<string, Agent>();
const AGENT_POOL_SIZE = 64;

function agentFor(url: URL, addresses: VettedUrl["addresses"]): Agent {
  const key = `${url.protocol}//${url.host}|${addresses.map((a) => a.address).join(",")}`;
  const hit = agents.get(key);
  if (hit) {
    // Most recently used last, so the first key is the one to evict.
    agents.delete(key);
    agents.set(key, hit);
    return hit;
  }
  if (agents.size >= AGENT_POOL_SIZE) {
    const [oldestKey, oldest] = agents.entries().next().value as [string, Agent];
    agents.delete(oldestKey);
    // close() lets requests still in flight on it finish before its sockets go.
    oldest.close().catch((err: unknown) => logger.warn({ err }, "net: closing an evicted agent failed"));
  }
  const agent = pinnedAgent(addresses);
  agents.set(key, agent);
  return agent;
}

function connectError(e: unknown, host: string, timedOut: boolean, timeoutMs: number): unknown {
  if (isAppError(e)) return e;
  if (timedOut)
    return new AppError("bad_request", `Timed out after ${timeoutMs} ms fetching ${host}.`, { cause: e });
  if (e instanceof Error && e.name === "AbortError") return e; // the caller cancelled: keep it an abort
  // undici wraps the socket error: "fetch failed" with the useful part in `cause`.
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  // Only an error code: socket messages can name the address a host resolved to.
  const why =
    typeof cause?.code === "string" && /^[A-Z][A-Z0-9_]{1,40}$/.test(cause.code) ? cause.code : undefined;
  return new AppError("bad_request", `Could not fetch ${host}${why ? ` (${why})` : ""}.`, { cause: e });
}

/**
 * fetch() for URLs that users or models choose: every hop is vetted by
 * assertPublicUrl, connections are pinned to the vetted address, redirects are
 * followed by hand (credentials dropped across origins), and the time and the
 * size of the answer are bounded.
 */
export async function safeFetch(input: string | URL, init: SafeFetchInit = {}): Promise<Response> {
  const {
    timeoutMs = 10_000,
    maxBytes = 5 * 1024 * 1024,
    maxRedirects = 5,
    allowlist,
    requestId,
    ...rest
  } = init;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = rest.signal ? AbortSignal.any([rest.signal, timeout]) : timeout;
  const headers = new Headers(rest.headers);
  let method = (rest.method ?? "GET").toUpperCase();
  let body = rest.body;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new AppError("bad_request", "That is not a valid URL.");
  }

  for (let hop = 0; ; hop++) {
    const target = await assertPublicUrl(url, { allowlist, requestId, redirected: hop > 0 });
    const agent = agentFor(url, target.addresses);
    let res: Awaited<ReturnType<typeof undiciFetch>>;
    try {
      res = await undiciFetch(url, {
        ...(rest as object),
        method,
        headers: [...headers],
        body: body as never,
        redirect: "manual",
        signal,
        dispatcher: agent,
      });
    } catch (e) {
      throw connectError(e, url.host, timeout.aborted, timeoutMs);
    }

    const location = res.headers.get("location");
    if (REDIRECT.has(res.status) && location) {
      await res.body?.cancel().catch(() => undefined);
      if (hop >= maxRedirects)
        throw new AppError("bad_request", `Too many redirects (more than ${maxRedirects}).`);
      const next = new URL(location, url);
      if (res.status === 303 || (method === "POST" && res.status !== 307 && res.status !== 308)) {
        method = method === "HEAD" ? "HEAD" : "GET";
        body = undefined;
        headers.delete("content-type");
        headers.delete("content-length");
      }
      if (next.origin !== url.origin) dropCredentials(headers);
      url = next;
      continue;
    }

    const declared = Number(res.headers.get("content-length") ?? "0");
    if (method !== "HEAD" && declared > maxBytes) {
      // Cancelling drops this connection rather than reading a body we refuse.
      await res.body?.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    const stream =
      res.body && !NULL_BODY.has(res.status) && method !== "HEAD"
        ? capBody(res.body as ReadableStream<Uint8Array>, {
            maxBytes,
            tooLarge: () => tooLarge(maxBytes),
            mapError: (e) => connectError(e, url.host, timeout.aborted, timeoutMs),
          })
        : null;
    if (!stream) await res.body?.cancel().catch(() => undefined);
    const out = new Response(stream, {
      status: res.status,
      statusText: res.statusText,
      headers: new Headers([...res.headers]),
    });
    // Callers need the final address after redirects; Response#url is read-only otherwise.
    Object.defineProperty(out, "url", { value: url.href });
    return out;
  }
}

function tooLarge(maxBytes: number): AppError {
  const size = maxBytes >= 1024 * 1024 ? `${(maxBytes / 1024 / 1024).toFixed(1)} MB` : `${maxBytes} bytes`;
  return new AppError("bad_request", `The response is larger than the ${size} limit.`);
}

/**
 * A fetch for AI SDK providers whose base URL a workspace chose: same guard as
 * safeFetch, with limits sized for model calls (long streams).
 */
export function createGuardedFetch(opts: SafeFetchInit = {}): typeof fetch {
  const guarded = (input: RequestInfo | URL, init?: RequestInit) => {
    const fromRequest = input instanceof Request ? input : undefined;
    return safeFetch(fromRequest ? fromRequest.url : input.toString(), {
      timeoutMs: 300_000,
      maxBytes: 64 * 1024 * 1024,
      ...(fromRequest ? { method: fromRequest.method, headers: fromRequest.headers } : {}),
      ...init,
      ...opts,
    });
  };
  return guarded as typeof fetch;
}
