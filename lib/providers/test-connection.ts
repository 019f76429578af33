import { generateText } from "ai";
import { safeFetch } from "../net/ssrf";
import type { WorkspaceScope } from "../workspaces";
import { loadConnectionWithKey } from "./connection-secret";
import { resolveModel } from "./resolve";
import type { ProviderTestResult } from "./schema";

const TIMEOUT_MS = 20_000;

/**
 * Strips anything key-like from a provider's error before a person sees it:
 * vendors sometimes echo the key (or most of it) back in 401 messages.
 */
export function safeErrorMessage(e: unknown, secrets: (string | null)[]): string {
  let text = e instanceof Error ? e.message : String(e);
  const status = (e as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === "number" && !text.includes(String(status)))
    text = `The provider answered ${status}: ${text}`;
  for (const s of secrets) if (s && s.length >= 4) text = text.split(s).join("[redacted]");
  text = text.replace(/\b(?:sk|pk|rk|key|AIza)[-_A-Za-z0-9*]{8,}/g, "[redacted]");
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** Asks the endpoint for its model list: cheap, costs no tokens, and proves the URL and key. */
async function listCompatibleModels(baseUrl: string, apiKey: string | null): Promise<void> {
  const res = await safeFetch(`${baseUrl}/models`, {
    headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    timeoutMs: TIMEOUT_MS,
    maxBytes: 1024 * 1024,
  });
  const body = await res.text();
  if (!res.ok) {
    let detail = "";
    try {
      detail = (JSON.parse(body) as { error?: { message?: string } }).error?.message ?? "";
    } catch {
      // not JSON: the status says enough
    }
    throw new Error(`The endpoint answered ${res.status}${detail ? `: ${detail}` : ""}.`);
  }
}

/**
 * Checks a connection with the smallest possible real call. Never throws for a
 * provider failure: the result says what went wrong, with no key in it.
 */
export async function testProviderConnection(ctx: WorkspaceScope, id: string): Promise<ProviderTestResult> {
  const conn = await loadConnectionWithKey(ctx, id);
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    if (conn.provider === "openai_compatible" && conn.baseUrl) {
      await listCompatibleModels(conn.baseUrl, conn.apiKey);
    } else {
      const { model, provider } = await resolveModel(ctx, { providerConnectionId: conn.id, model: null });
      await generateText({
        model,
        prompt: "Reply with OK.",
        // OpenAI's Responses API rejects fewer than 16 output tokens; the others accept 1.
        maxOutputTokens: provider === "openai" && !conn.baseUrl ? 16 : 1,
        maxRetries: 0,
        abortSignal: AbortSignal.timeout(TIMEOUT_MS),
      });
    }
    return { ok: true, latencyMs: latency() };
  } catch (e) {
    return { ok: false, latencyMs: latency(), error: safeErrorMessage(e, [conn.apiKey]) };
  }
}
