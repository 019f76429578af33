import type http from "node:http";
import {
  jsonValue,
  type RecordedRequest,
  type ScriptedFake,
  type ScriptedTurn,
  sendJson,
  splitText,
  startScriptedServer,
  startSse,
  statusMessage,
  type TokenUsage,
  type WireView,
} from "./scripted-llm-fake";

/**
 * A local server speaking Anthropic's Messages API (`POST {baseURL}/messages`,
 * baseURL ending in /v1 like https://api.anthropic.com/v1). Non-streaming calls
 * get one `message` object; `stream: true` gets the documented SSE sequence:
 * message_start, content_block_start, ping, content_block_delta (text_delta, or
 * input_json_delta for tool_use), content_block_stop, message_delta (stop_reason,
 * cumulative usage.output_tokens), message_stop. Errors use the documented
 * `{type:"error", error:{type, message}}` body. Each model call takes the next
 * scripted turn; with none left it echoes the last user text.
 */
export type AnthropicFake = ScriptedFake;

// https://docs.anthropic.com/en/api/errors: the error type for each HTTP status.
const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

export async function startAnthropicFake(opts: { usage?: TokenUsage } = {}): Promise<AnthropicFake> {
  const usage = opts.usage ?? { input: 13, output: 5 };
  let calls = 0;
  return startScriptedServer({
    basePath: "/v1",
    classify: (_method, _path, body) => body.stream === true,
    defaultTurn: (req) => ({ kind: "text", text: `echo: ${lastUserText(req.body)}` }),
    handle(req, res, next) {
      // Every real response carries a request id; clients log it.
      const requestId = { "request-id": `req_fake_${++calls}` };
      const fail = (status: number, message: string, headers: Record<string, string> = {}) =>
        sendJson(
          res,
          status,
          { type: "error", error: { type: ERROR_TYPES[status] ?? "api_error", message } },
          { ...requestId, ...headers },
        );
      if (req.method !== "POST" || req.path !== "/v1/messages") return fail(404, "Not found");
      // Refused like the real API before any scripted turn: no key, or no version header.
      if (!req.headers["x-api-key"]) return fail(401, "x-api-key header is required");
      if (!req.headers["anthropic-version"]) return fail(400, "anthropic-version header is required");

      const turn = next();
      if (turn.kind === "status") {
        // Anthropic sends retry-after with a 429; 0 keeps the SDK's retries instant in tests.
        const retry: Record<string, string> = turn.status === 429 ? { "retry-after": "0" } : {};
        return fail(turn.status, statusMessage(turn, req), { ...retry, ...turn.headers });
      }
      const id = `msg_fake_${calls}`;
      const model = String(req.body.model ?? "claude-fake");
      const toolUseId = `toolu_fake_${calls}`;
      const stopReason = turn.kind === "text" ? "end_turn" : "tool_use";
      if (!req.streamed) {
        const content =
          turn.kind === "text"
            ? [{ type: "text", text: turn.text }]
            : [{ type: "tool_use", id: toolUseId, name: turn.name, input: turn.args }];
        return sendJson(
          res,
          200,
          {
            id,
            type: "message",
            role: "assistant",
            model,
            content,
            stop_reason: stopReason,
            stop_sequence: null,
            usage: { input_tokens: usage.input, output_tokens: usage.output },
          },
          requestId,
        );
      }
      startSse(res, requestId);
      streamMessage(res, { id, model, toolUseId, stopReason, usage }, turn);
    },
  });
}

function streamMessage(
  res: http.ServerResponse,
  m: { id: string; model: string; toolUseId: string; stopReason: string; usage: TokenUsage },
  turn: Exclude<ScriptedTurn, { kind: "status" }>,
): void {
  // Named events: the `event:` line repeats the JSON's `type`, as the API sends it.
  const send = (data: { type: string } & Record<string, unknown>) =>
    res.write(`event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`);
  send({
    type: "message_start",
    message: {
      id: m.id,
      type: "message",
      role: "assistant",
      model: m.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      // Input tokens are known up front; output_tokens here is the API's placeholder 1.
      usage: { input_tokens: m.usage.input, output_tokens: 1 },
    },
  });
  if (turn.kind === "text") {
    send({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
    send({ type: "ping" });
    for (const text of splitText(turn.text, turn.chunks)) {
      send({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text } });
    }
  } else {
    send({
      type: "content_block_start",
      index: 0,
      content_block: { type: "tool_use", id: m.toolUseId, name: turn.name, input: {} },
    });
    send({ type: "ping" });
    // The API opens with an empty partial_json, then sends the input in fragments.
    for (const partial_json of ["", ...splitText(JSON.stringify(turn.args), 2)]) {
      send({ type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json } });
    }
  }
  send({ type: "content_block_stop", index: 0 });
  send({
    type: "message_delta",
    delta: { stop_reason: m.stopReason, stop_sequence: null },
    usage: { output_tokens: m.usage.output },
  });
  send({ type: "message_stop" });
  res.end();
}

type Block = { type: string; text?: string } & Record<string, unknown>;
type Message = { role: string; content: string | Block[] };

function blocksOf(body: Record<string, unknown>, role: string): Block[] {
  const messages = (body.messages as Message[] | undefined) ?? [];
  return messages
    .filter((m) => m.role === role)
    .flatMap((m) => (typeof m.content === "string" ? [{ type: "text", text: m.content }] : m.content));
}

const textOf = (blocks: Block[]) => blocks.map((b) => (b.type === "text" ? (b.text ?? "") : "")).join("");

function lastUserText(body: Record<string, unknown>): string {
  const last = ((body.messages as Message[] | undefined) ?? []).filter((m) => m.role === "user").at(-1);
  return last ? textOf(blocksOf({ messages: [last] }, "user")) : "";
}

/** What our code sent, read back from Anthropic's terms: `system` blocks, tool_use and tool_result blocks. */
export function readAnthropicRequest(req: RecordedRequest): WireView {
  const body = req.body as {
    system?: { text: string }[];
    tools?: { name: string }[];
    max_tokens?: number;
  };
  const use = blocksOf(req.body, "assistant").find((b) => b.type === "tool_use");
  const result = blocksOf(req.body, "user").find((b) => b.type === "tool_result");
  return {
    system: (body.system ?? []).map((s) => s.text).join(""),
    userText: textOf(blocksOf(req.body, "user")),
    toolNames: (body.tools ?? []).map((t) => t.name),
    maxTokens: body.max_tokens,
    toolExchange: {
      callId: use?.id as string | undefined,
      name: use?.name as string | undefined,
      input: use?.input,
      resultId: result?.tool_use_id as string | undefined,
      result: jsonValue(result?.content),
    },
  };
}
