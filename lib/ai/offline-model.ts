import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
} from "@ai-sdk/provider";

export const OFFLINE_PROVIDER = "offline";
export const OFFLINE_MODEL_ID = "offline-demo";
export const OFFLINE_MODEL_LABEL = "Offline demo model";

/**
 * The model used when no provider is configured: deterministic, instant, and
 * offline, so the demo and the e2e tests work without network. It answers by
 * quoting the user, and calls a tool only when asked explicitly
 * ("use the calculator tool: 2+2", "call current_time"). The user's text is echoed with markdown
 * escaped, so the chat shows it as typed.
 */
export function createOfflineModel(
  // paced: false — the whole text in one piece at once, for a reader who does not watch it being
  // written (a channel posts the reply whole): the pauses and the per-word chunks only show streaming.
  opts: { chunkDelayMs?: number; paced?: boolean } = {},
): LanguageModelV3 {
  const paced = opts.paced ?? true;
  const delay = paced ? (opts.chunkDelayMs ?? 12) : 0;
  return {
    specificationVersion: "v3",
    provider: OFFLINE_PROVIDER,
    modelId: OFFLINE_MODEL_ID,
    supportedUrls: {},
    async doGenerate(options) {
      const plan = planReply(options);
      const content: LanguageModelV3Content[] = plan.toolCall
        ? [
            {
              type: "tool-call",
              toolCallId: plan.toolCall.id,
              toolName: plan.toolCall.name,
              input: plan.toolCall.input,
            },
          ]
        : [{ type: "text", text: plan.text }];
      return {
        content,
        finishReason: { unified: plan.toolCall ? "tool-calls" : "stop", raw: undefined },
        usage: usage(options.prompt, plan.text + (plan.toolCall?.input ?? "")),
        warnings: [],
      };
    },
    async doStream(options) {
      const plan = planReply(options);
      const signal = options.abortSignal;
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        async start(controller) {
          controller.enqueue({ type: "stream-start", warnings: [] });
          controller.enqueue({ type: "response-metadata", modelId: OFFLINE_MODEL_ID, timestamp: new Date() });
          if (plan.toolCall) {
            const { id, name, input } = plan.toolCall;
            controller.enqueue({ type: "tool-input-start", id, toolName: name });
            controller.enqueue({ type: "tool-input-delta", id, delta: input });
            controller.enqueue({ type: "tool-input-end", id });
            controller.enqueue({ type: "tool-call", toolCallId: id, toolName: name, input });
          } else {
            controller.enqueue({ type: "text-start", id: "t0" });
            for (const piece of paced ? (plan.text.match(/\S+\s*/g) ?? []) : [plan.text]) {
              if (signal?.aborted) break;
              if (delay > 0) await new Promise((r) => setTimeout(r, delay));
              controller.enqueue({ type: "text-delta", id: "t0", delta: piece });
            }
            controller.enqueue({ type: "text-end", id: "t0" });
          }
          controller.enqueue({
            type: "finish",
            usage: usage(options.prompt, plan.text + (plan.toolCall?.input ?? "")),
            finishReason: { unified: plan.toolCall ? "tool-calls" : "stop", raw: undefined },
          });
          controller.close();
        },
      });
      return { stream };
    },
  };
}

interface Plan {
  text: string;
  toolCall?: { id: string; name: string; input: string };
}

const TOOL_REQUEST = /\b(?:use|call|run)\s+(?:the\s+)?`?([a-z][a-z0-9_]*)`?(?:\s+tool)?\b/i;

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .filter((p): p is { type: "text"; text: string } => p?.type === "text")
    .map((p) => p.text)
    .join(" ");
}

function planReply(options: LanguageModelV3CallOptions): Plan {
  const prompt = options.prompt;
  const last = prompt[prompt.length - 1];
  const userText = textOf([...prompt].reverse().find((m) => m.role === "user")?.content).trim();
  const toolNames = new Set((options.tools ?? []).map((t) => t.name));

  if (last?.role === "tool") {
    const results = last.content
      .filter((p) => p.type === "tool-result")
      .map(
        (p) =>
          `${p.toolName} returned ${JSON.stringify(p.output.type === "json" || p.output.type === "text" ? p.output.value : p.output)}`,
      );
    return { text: `Done. ${results.join("; ")}.` };
  }

  const wanted = TOOL_REQUEST.exec(userText)?.[1]?.toLowerCase();
  if (wanted && toolNames.has(wanted)) {
    return {
      text: "",
      toolCall: {
        id: `call_${hash(userText)}`,
        name: wanted,
        input: JSON.stringify(toolInput(wanted, userText)),
      },
    };
  }

  const quoted = userText.length > 200 ? `${userText.slice(0, 200)}…` : userText;
  return {
    text:
      `You said: "${escapeMarkdownInline(quoted)}". I am the offline demo model, so I can only echo you ` +
      `${toolHint(toolNames)} Add a model provider in Settings to get real answers.`,
  };
}

const HINT_ORDER = ["current_time", "list_products", "get_cart"];

/** Names a tool this agent really has, so the hint never suggests one that would not be called. */
function toolHint(toolNames: Set<string>): string {
  if (toolNames.has("calculator"))
    return "and call tools when asked (for example `use the calculator tool: 6*7`).";
  // The tools that need no arguments make the simplest example.
  const first = HINT_ORDER.find((t) => toolNames.has(t)) ?? [...toolNames].sort()[0];
  if (first) return `and call tools when asked (for example \`call ${first}\`).`;
  return "(this agent has no tools enabled).";
}

// The characters that start an inline construct (emphasis, strikethrough, code, link, autolink,
// raw HTML, entity, escape). Block constructs need a line start, and whitespace is folded below.
const MARKDOWN_INLINE = /[\\`*_~[\]<>&]/g;

/**
 * The reply is rendered as markdown, so the user's own text is quoted with every markdown
 * character escaped: "6*7 and 6*7" must read back as typed, not as italics.
 */
export function escapeMarkdownInline(text: string): string {
  return text.replace(/\s+/g, " ").replace(MARKDOWN_INLINE, "\\$&");
}

/** Input for an explicitly requested tool: a JSON object in the message wins, else a best guess. */
function toolInput(tool: string, text: string): Record<string, unknown> {
  const json = /\{[\s\S]*\}/.exec(text)?.[0];
  if (json) {
    try {
      const parsed = JSON.parse(json);
      if (parsed && typeof parsed === "object") return parsed as Record<string, unknown>;
    } catch {
      // not JSON: fall through to the guess
    }
  }
  const afterColon = text.split(":").slice(1).join(":").trim();
  if (tool === "calculator")
    return { expression: afterColon || text.replace(/[^0-9+\-*/().^% ]/g, "").trim() };
  if (tool === "web_fetch") return { url: /https?:\/\/\S+/.exec(text)?.[0] ?? "" };
  if (tool === "tag_conversation")
    return { tags: afterColon ? afterColon.split(/[,\s]+/).filter(Boolean) : [] };
  return {};
}

function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function usage(prompt: LanguageModelV3Prompt, output: string): LanguageModelV3Usage {
  const input = prompt.reduce((n, m) => n + countTokens(textOf(m.content)), 0);
  const out = countTokens(output);
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: out, text: out, reasoning: undefined },
  };
}

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}
