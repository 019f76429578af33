import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * What the vendor wire-format fakes (anthropic-fake.ts, google-fake.ts) share:
 * a local node:http server that records every request as it arrived and answers
 * each model call with the next scripted turn. Only the wire format differs per
 * vendor, so that is all each fake file contains.
 */
export type ScriptedTurn =
  | { kind: "text"; text: string; chunks?: number }
  | { kind: "tool"; name: string; args: Record<string, unknown> }
  | {
      kind: "status";
      status: number;
      /** The vendor's error message; a function sees the request, e.g. to echo the key back as some vendors do. */
      message?: string | ((req: RecordedRequest) => string);
      headers?: Record<string, string>;
    };

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent: the Google fake's model and `alt=sse` live there. */
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** Whether the vendor's streaming variant was asked for (body flag or endpoint). */
  streamed: boolean;
}

/** A recorded request read back in vendor-neutral terms, so one test can assert on every vendor. */
export interface WireView {
  system: string;
  /** All user-authored text in the history, joined. */
  userText: string;
  toolNames: string[];
  maxTokens: number | undefined;
  /** The first tool call in the history and the result sent back for it. */
  toolExchange: {
    callId?: string;
    name?: string;
    input?: unknown;
    resultId?: string;
    result?: unknown;
  };
}

/** Tool results travel as JSON text for some vendors and as objects for others: read back as values. */
export const jsonValue = (v: unknown): unknown => (typeof v === "string" ? JSON.parse(v) : v);

export interface TokenUsage {
  input: number;
  output: number;
}

export interface ScriptedFake {
  baseUrl: string;
  requests: RecordedRequest[];
  queue(...turns: ScriptedTurn[]): void;
  stop(): Promise<void>;
}

/** A vendor's handling of one recorded request; `next` takes the scripted turn (or the default). */
export type VendorHandler = (
  req: RecordedRequest,
  res: http.ServerResponse,
  next: () => ScriptedTurn,
) => Promise<void> | void;

/**
 * Starts the server on 127.0.0.1 (the only host the test network guard allows).
 * `classify` says whether a request streams, so it is recorded before any answer.
 */
export async function startScriptedServer(opts: {
  basePath: string;
  classify: (method: string, path: string, body: Record<string, unknown>) => boolean;
  defaultTurn: (req: RecordedRequest) => ScriptedTurn;
  handle: VendorHandler;
}): Promise<ScriptedFake> {
  const turns: ScriptedTurn[] = [];
  const requests: RecordedRequest[] = [];
  const server = http.createServer(async (req, res) => {
    try {
      let raw = "";
      for await (const chunk of req) raw += chunk;
      const method = req.method ?? "GET";
      const path = req.url ?? "";
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const recorded = {
        method,
        path,
        headers: req.headers,
        body,
        streamed: opts.classify(method, path, body),
      };
      requests.push(recorded);
      await opts.handle(recorded, res, () => turns.shift() ?? opts.defaultTurn(recorded));
    } catch (e) {
      // A broken request or a bug in a fake fails the client's call loudly instead of hanging it.
      res.destroy(e as Error);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${opts.basePath}`,
    requests,
    queue: (...t) => {
      turns.push(...t);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** Starts an SSE response: both vendors stream `text/event-stream` over a plain 200. */
export function startSse(res: http.ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
    ...headers,
  });
}

/** The text in `n` roughly equal pieces (at least one), so a test can count the deltas. */
export function splitText(text: string, n = 3): string[] {
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, n)));
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces.length ? pieces : [""];
}

export function statusMessage(turn: Extract<ScriptedTurn, { kind: "status" }>, req: RecordedRequest): string {
  if (typeof turn.message === "function") return turn.message(req);
  return turn.message ?? `fake upstream ${turn.status}`;
}
