import type { z } from "zod";
import { isAppError } from "../../errors";
import { safeFetch } from "../../net/safe-fetch";
import { chatwootSettingsSchema } from "../settings";

/**
 * The few calls of Chatwoot's Application API the channel makes, with the
 * inbox's access token (an agent bot's or an agent's) in the `api_access_token`
 * header. Every request goes through the SSRF-guarded fetch (the base URL is
 * the workspace's choice), with a timeout, and failures come back as
 * ChatwootApiError saying whether a retry can help.
 */
/** The inbox's settings, as the inbox API validated them (lib/channels/settings.ts). */
export const chatwootSettings = chatwootSettingsSchema;
export type ChatwootSettings = z.infer<typeof chatwootSettingsSchema>;

export const CHATWOOT_TIMEOUT_MS = 10_000;
const MAX_ERROR_TEXT = 200;

export class ChatwootApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
    opts: { cause?: unknown } = {},
  ) {
    super(message, opts);
    this.name = "ChatwootApiError";
  }
}

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ChatwootClientOptions {
  settings: ChatwootSettings;
  apiToken: string;
  /** The SSRF-guarded fetch (AdapterContext.fetch); safeFetch when absent. */
  fetch?: FetchLike;
  timeoutMs?: number;
}

function retryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

function codeFor(status: number): string {
  if (status === 401 || status === 403) return "chatwoot_unauthorized";
  if (status === 404) return "chatwoot_not_found";
  if (status === 422) return "chatwoot_rejected";
  if (status === 429) return "chatwoot_rate_limited";
  return status >= 500 ? "chatwoot_unavailable" : "chatwoot_error";
}

/** Chatwoot's error bodies: `{"error": "..."}`, `{"message": "..."}` or `{"errors": [...]}`. */
function vendorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown; errors?: unknown };
    const m = body.error ?? body.message ?? (Array.isArray(body.errors) ? body.errors.join(", ") : undefined);
    if (typeof m === "string" && m) return m.slice(0, MAX_ERROR_TEXT);
  } catch {
    // not JSON: an HTML error page from a proxy, say; its text says nothing useful
  }
  return "";
}

export function createChatwootClient(opts: ChatwootClientOptions) {
  const { settings, apiToken } = opts;
  const timeoutMs = opts.timeoutMs ?? CHATWOOT_TIMEOUT_MS;
  const doFetch: FetchLike =
    opts.fetch ?? ((url, init) => safeFetch(url, { ...init, timeoutMs, maxBytes: 1024 * 1024 }));
  const conversationPath = (id: string) => {
    if (!/^\d{1,19}$/.test(id)) {
      throw new ChatwootApiError(
        "This conversation has no Chatwoot conversation id.",
        "chatwoot_no_target",
        false,
      );
    }
    return `${settings.baseUrl}/api/v1/accounts/${settings.accountId}/conversations/${id}`;
  };

  async function call<T>(method: string, url: string, what: string, body?: unknown): Promise<T> {
    let res: Response;
    const deadline = AbortSignal.timeout(timeoutMs);
    try {
      res = await doFetch(url, {
        method,
        headers: {
          api_access_token: apiToken,
          "content-type": "application/json",
          accept: "application/json",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: deadline,
      });
    } catch (e) {
      // The SSRF guard's refusal is an AppError: the address itself is wrong, retrying will not help.
      const blocked = isAppError(e) && /^Blocked|not a valid URL|Could not resolve/.test(e.message);
      const timedOut = deadline.aborted || /^Timed out/.test(String((e as Error)?.message));
      throw new ChatwootApiError(
        blocked
          ? `Chatwoot's address is not allowed: ${(e as Error).message}`
          : timedOut
            ? `Chatwoot did not answer ${what} within ${timeoutMs / 1000} s.`
            : `Could not reach Chatwoot for ${what}${isAppError(e) ? `: ${e.message}` : "."}`,
        blocked ? "chatwoot_blocked_url" : timedOut ? "chatwoot_timeout" : "chatwoot_unreachable",
        !blocked,
        null,
        { cause: e },
      );
    }
    let text = "";
    try {
      text = await res.text();
    } catch (e) {
      throw new ChatwootApiError(
        `Chatwoot's answer to ${what} broke off.`,
        "chatwoot_unreachable",
        true,
        res.status,
        {
          cause: e,
        },
      );
    }
    if (!res.ok) {
      const detail = vendorMessage(text);
      throw new ChatwootApiError(
        `Chatwoot answered ${res.status} to ${what}${detail ? `: ${detail}` : "."}`,
        codeFor(res.status),
        retryableStatus(res.status),
        res.status,
      );
    }
    try {
      return (text ? JSON.parse(text) : {}) as T;
    } catch (e) {
      throw new ChatwootApiError(
        `Chatwoot's answer to ${what} is not JSON.`,
        "chatwoot_bad_response",
        false,
        res.status,
        {
          cause: e,
        },
      );
    }
  }

  return {
    /** Posts an outgoing (customer-visible) message; answers Chatwoot's message id. */
    async sendMessage(conversationId: string, content: string): Promise<{ id: string | undefined }> {
      const out = await call<{ id?: unknown }>(
        "POST",
        `${conversationPath(conversationId)}/messages`,
        "a message",
        {
          content,
          message_type: "outgoing",
          private: false,
          content_type: "text",
        },
      );
      const id = typeof out.id === "number" || typeof out.id === "string" ? String(out.id) : undefined;
      return { id };
    },
    /** Replaces the conversation's labels with exactly `labels` (Chatwoot's endpoint replaces the set). */
    async setLabels(conversationId: string, labels: string[]): Promise<string[]> {
      const out = await call<{ payload?: unknown }>(
        "POST",
        `${conversationPath(conversationId)}/labels`,
        "the labels",
        { labels },
      );
      return Array.isArray(out.payload)
        ? out.payload.filter((l): l is string => typeof l === "string")
        : labels;
    },
    async toggleStatus(
      conversationId: string,
      status: "open" | "pending" | "resolved",
    ): Promise<string | undefined> {
      const out = await call<{ payload?: { current_status?: unknown } }>(
        "POST",
        `${conversationPath(conversationId)}/toggle_status`,
        "the status change",
        { status },
      );
      const current = out.payload?.current_status;
      return typeof current === "string" ? current : undefined;
    },
  };
}
export type ChatwootClient = ReturnType<typeof createChatwootClient>;
