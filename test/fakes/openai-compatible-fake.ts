import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local server speaking OpenAI's Chat Completions wire format, streaming and
 * not: SSE `chat.completion.chunk` events with text deltas, tool-call deltas
 * (id + name first, arguments in fragments), a usage chunk when
 * `stream_options.include_usage` is set, then `data: [DONE]`. Each request
 * takes the next scripted turn; with none left it echoes text.
 */
export type FakeTurn =
  | { kind: "text"; text: string; chunks?: number }
  | { kind: "tool"; name: string; args: Record<string, unknown> }
  | { kind: "status"; status: number; body?: unknown }
  | { kind: "hang" };

export interface FakeRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** performance.now() when the request's body had arrived: splits latency into before and after the upstream. */
  at: number;
}

export interface OpenAICompatibleFake {
  baseUrl: string;
  requests: FakeRequest[];
  /** Streams whose client hung up before the last chunk (an aborted model call). */
  readonly abortedStreams: number;
  /** Requests received whose response has not finished yet. */
  readonly inFlight: number;
  queue(...turns: FakeTurn[]): void;
  stop(): Promise<void>;
}

export async function startOpenAICompatibleFake(
  opts: {
    firstTokenDelayMs?: number;
    chunkDelayMs?: number;
    usage?: { prompt: number; completion: number };
    /** The reply when no scripted turn is queued (default: echo the last user message). */
    defaultTurn?: FakeTurn;
  } = {},
): Promise<OpenAICompatibleFake> {
  const turns: FakeTurn[] = [];
  const requests: FakeRequest[] = [];
  const usage = opts.usage ?? { prompt: 11, completion: 7 };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const hanging = new Set<http.ServerResponse>();
  let abortedStreams = 0;
  let inFlight = 0;

  const server = http.createServer(async (req, res) => {
    inFlight++;
    res.once("close", () => {
      inFlight--;
    });
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    requests.push({ path: req.url ?? "", headers: req.headers, body, at: performance.now() });

    if (req.method === "GET" && req.url?.endsWith("/models")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ object: "list", data: [{ id: "fake-model", object: "model", owned_by: "test" }] }),
      );
      return;
    }
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404).end();
      return;
    }
    const turn = turns.shift() ?? opts.defaultTurn ?? { kind: "text", text: `echo: ${lastUserText(body)}` };
    if (turn.kind === "status") {
      res.writeHead(turn.status, { "content-type": "application/json" });
      res.end(
        JSON.stringify(
          turn.body ?? { error: { message: `fake upstream ${turn.status}`, type: "server_error" } },
        ),
      );
      return;
    }
    if (turn.kind === "hang") {
      hanging.add(res);
      return;
    }
    const model = String(body.model ?? "fake-model");
    const id = `chatcmpl-${requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    const chunk = (delta: unknown, finish: string | null = null) => ({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });

    if (!body.stream) {
      const message =
        turn.kind === "text"
          ? { role: "assistant", content: turn.text }
          : {
              role: "assistant",
              content: null,
              tool_calls: [
                {
                  id: "call_1",
                  type: "function",
                  function: { name: turn.name, arguments: JSON.stringify(turn.args) },
                },
              ],
            };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id,
          object: "chat.completion",
          created,
          model,
          choices: [{ index: 0, message, finish_reason: turn.kind === "text" ? "stop" : "tool_calls" }],
          usage: {
            prompt_tokens: usage.prompt,
            completion_tokens: usage.completion,
            total_tokens: usage.prompt + usage.completion,
          },
        }),
      );
      return;
    }

    res.once("close", () => {
      if (!res.writableEnded) abortedStreams++;
    });
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    const send = (data: unknown) =>
      res.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
    await sleep(opts.firstTokenDelayMs ?? 0);
    send(chunk({ role: "assistant", content: "" }));
    if (turn.kind === "text") {
      const n = Math.max(1, turn.chunks ?? 3);
      const size = Math.ceil(turn.text.length / n);
      for (let i = 0; i < turn.text.length; i += size) {
        if (res.destroyed) return;
        send(chunk({ content: turn.text.slice(i, i + size) }));
        if (opts.chunkDelayMs) await sleep(opts.chunkDelayMs);
      }
      send(chunk({}, "stop"));
    } else {
      const args = JSON.stringify(turn.args);
      const half = Math.ceil(args.length / 2);
      send(
        chunk({
          tool_calls: [
            {
              index: 0,
              id: `call_${requests.length}`,
              type: "function",
              function: { name: turn.name, arguments: "" },
            },
          ],
        }),
      );
      send(chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, half) } }] }));
      send(chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(half) } }] }));
      send(chunk({}, "tool_calls"));
    }
    const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
    if (streamOptions?.include_usage) {
      send({
        id,
        object: "chat.completion.chunk",
        created,
        model,
        choices: [],
        usage: {
          prompt_tokens: usage.prompt,
          completion_tokens: usage.completion,
          total_tokens: usage.prompt + usage.completion,
        },
      });
    }
    send("[DONE]");
    res.end();
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get abortedStreams() {
      return abortedStreams;
    },
    get inFlight() {
      return inFlight;
    },
    queue: (...t) => {
      turns.push(...t);
    },
    async stop() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function lastUserText(body: Record<string, unknown>): string {
  const messages = (body.messages as { role: string; content: unknown }[] | undefined) ?? [];
  const last = [...messages].reverse().find((m) => m.role === "user");
  if (!last) return "";
  if (typeof last.content === "string") return last.content;
  return (last.content as { type: string; text?: string }[]).map((p) => p.text ?? "").join("");
}
