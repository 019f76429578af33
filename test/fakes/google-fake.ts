import {
  jsonValue,
  type RecordedRequest,
  type ScriptedFake,
  sendJson,
  splitText,
  startScriptedServer,
  startSse,
  statusMessage,
  type TokenUsage,
  type WireView,
} from "./scripted-llm-fake";

/**
 * A local server speaking the Gemini API (generativelanguage.googleapis.com/v1beta):
 * `POST {baseURL}/models/{model}:generateContent` answers one
 * GenerateContentResponse; `:streamGenerateContent?alt=sse` streams several as
 * `data:` events, text in `candidates[0].content.parts[].text`, a tool call as
 * one `functionCall {name, args}` part, `finishReason` and the final
 * `usageMetadata` on the last event. Errors use the documented
 * `{error:{code, message, status}}` body. Each model call takes the next
 * scripted turn; with none left it echoes the last user text.
 */
export type GoogleFake = ScriptedFake;

const ROUTE = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

// https://ai.google.dev/gemini-api/docs/troubleshooting: the canonical status for each HTTP code.
const STATUSES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

export async function startGoogleFake(opts: { usage?: TokenUsage } = {}): Promise<GoogleFake> {
  const usage = opts.usage ?? { input: 17, output: 9 };
  let calls = 0;
  return startScriptedServer({
    basePath: "/v1beta",
    classify: (_method, path) =>
      ROUTE.exec(new URL(path, "http://fake").pathname)?.[2] === "streamGenerateContent",
    defaultTurn: (req) => ({ kind: "text", text: `echo: ${lastUserText(req.body)}` }),
    handle(req, res, next) {
      const fail = (code: number, message: string, headers: Record<string, string> = {}) =>
        sendJson(res, code, { error: { code, message, status: STATUSES[code] ?? "UNKNOWN" } }, headers);
      const url = new URL(req.path, "http://fake");
      const route = ROUTE.exec(url.pathname);
      if (req.method !== "POST" || !route) return fail(404, `Not found: ${url.pathname}`);
      // The key may come as the header or ?key=; without either the API refuses the call.
      if (!req.headers["x-goog-api-key"] && !url.searchParams.get("key")) {
        return fail(403, "Method doesn't allow unregistered callers (callers without established identity).");
      }
      // Without alt=sse the real API streams a JSON array, which this fake does not speak.
      if (req.streamed && url.searchParams.get("alt") !== "sse")
        return fail(400, "This fake streams SSE only.");

      const turn = next();
      if (turn.kind === "status") return fail(turn.status, statusMessage(turn, req), turn.headers);
      const modelVersion = route[1] ?? "gemini-fake";
      const responseId = `fake-response-${++calls}`;
      const fullUsage = {
        promptTokenCount: usage.input,
        candidatesTokenCount: usage.output,
        totalTokenCount: usage.input + usage.output,
      };
      const response = (parts: unknown[], last: boolean) => ({
        candidates: [
          { content: { parts, role: "model" }, index: 0, ...(last ? { finishReason: "STOP" } : {}) },
        ],
        // Early events count only the prompt; the last one has the totals the client keeps.
        usageMetadata: last ? fullUsage : { promptTokenCount: usage.input, totalTokenCount: usage.input },
        modelVersion,
        responseId,
      });
      // Gemini ends a function-call turn with STOP too: the functionCall part is what says "tool".
      const turnParts =
        turn.kind === "text"
          ? [{ text: turn.text }]
          : [{ functionCall: { name: turn.name, args: turn.args } }];
      if (!req.streamed) return sendJson(res, 200, response(turnParts, true));
      // One event per text piece; a function call arrives whole, in a single event.
      const events: unknown[][] =
        turn.kind === "text" ? splitText(turn.text, turn.chunks).map((text) => [{ text }]) : [turnParts];
      startSse(res);
      // Data-only events (no `event:` names, no [DONE]: the stream's end is the end), CRLF-framed like the API's.
      events.forEach((parts, i) => {
        res.write(`data: ${JSON.stringify(response(parts, i === events.length - 1))}\r\n\r\n`);
      });
      res.end();
    },
  });
}

type Part = {
  text?: string;
  functionCall?: { id?: string; name?: string; args?: unknown };
  functionResponse?: { id?: string; name?: string; response?: { content?: unknown } };
};

function partsOf(body: Record<string, unknown>, role: string): Part[] {
  const contents = (body.contents as { role?: string; parts: Part[] }[] | undefined) ?? [];
  return contents.filter((c) => c.role === role).flatMap((c) => c.parts);
}

function lastUserText(body: Record<string, unknown>): string {
  const contents = (body.contents as { role?: string; parts: Part[] }[] | undefined) ?? [];
  const last = contents.filter((c) => c.role === "user").at(-1);
  return last?.parts.map((p) => p.text ?? "").join("") ?? "";
}

/** What our code sent, read back from Gemini's terms: systemInstruction, functionCall and functionResponse parts. */
export function readGoogleRequest(req: RecordedRequest): WireView {
  const body = req.body as {
    systemInstruction?: { parts: { text: string }[] };
    generationConfig?: { maxOutputTokens?: number };
    tools?: { functionDeclarations?: { name: string }[] }[];
  };
  const call = partsOf(req.body, "model").find((p) => p.functionCall)?.functionCall;
  const response = partsOf(req.body, "user").find((p) => p.functionResponse)?.functionResponse;
  return {
    system: (body.systemInstruction?.parts ?? []).map((p) => p.text).join(""),
    userText: partsOf(req.body, "user")
      .map((p) => p.text ?? "")
      .join(""),
    toolNames: (body.tools ?? []).flatMap((t) => t.functionDeclarations ?? []).map((f) => f.name),
    maxTokens: body.generationConfig?.maxOutputTokens,
    toolExchange: {
      callId: call?.id,
      name: call?.name,
      input: call?.args,
      resultId: response?.id,
      result: jsonValue(response?.response?.content),
    },
  };
}
