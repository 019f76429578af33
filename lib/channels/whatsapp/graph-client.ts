import { graphErrorSchema, sendResponseSchema } from "./schemas";

export const GRAPH_VERSION = "v21.0";
export const DEFAULT_GRAPH_BASE_URL = "https://graph.facebook.com";
/** The Cloud API's limit for a text body. */
export const MAX_TEXT_CHARS = 4096;

export interface GraphTarget {
  /** SSRF-guarded fetch (the inbox's graphBaseUrl is chosen by a workspace admin). */
  fetch: typeof fetch;
  baseUrl: string;
  phoneNumberId: string;
  accessToken: string;
}

/** A failed send, with whether trying again later can work. */
export class GraphSendError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    readonly graphCode?: number,
  ) {
    super(message);
    this.name = "GraphSendError";
  }
}

/**
 * Graph codes that are about load, not about the request: rate limits
 * (4, 80007, 130429, 131056), "something went wrong" (1, 2, 131000) and the
 * service being down (131016). Everything else — a bad token (190), a bad
 * parameter (100), the 24-hour window (131047), an unknown template (132001)
 * — fails the same way every time.
 */
const RETRYABLE_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131056]);

const CODE_NAMES: Record<number, string> = {
  190: "whatsapp_auth",
  10: "whatsapp_permission",
  200: "whatsapp_permission",
  100: "whatsapp_invalid_request",
  131047: "whatsapp_window_closed",
  131026: "whatsapp_undeliverable",
  131030: "whatsapp_recipient_not_allowed",
  130429: "whatsapp_rate_limited",
  131056: "whatsapp_rate_limited",
  80007: "whatsapp_rate_limited",
  132000: "whatsapp_template_params",
  132001: "whatsapp_template_missing",
  132005: "whatsapp_template_params",
  132012: "whatsapp_template_params",
};

export type SendBody =
  | { type: "text"; text: { preview_url: boolean; body: string } }
  | {
      type: "template";
      template: {
        name: string;
        language: { code: string };
        components?: { type: "body"; parameters: { type: "text"; text: string }[] }[];
      };
    };

/** POST {base}/v21.0/{phone_number_id}/messages; answers the wamid. */
export async function postMessage(t: GraphTarget, to: string, body: SendBody): Promise<string> {
  const url = `${t.baseUrl.replace(/\/+$/, "")}/${GRAPH_VERSION}/${encodeURIComponent(t.phoneNumberId)}/messages`;
  let res: Response;
  try {
    res = await t.fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${t.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ messaging_product: "whatsapp", recipient_type: "individual", to, ...body }),
    });
  } catch (e) {
    // Connection refused, DNS, timeout, or the SSRF guard: only the guard is final.
    const message = e instanceof Error ? e.message : String(e);
    const refused = /^(Blocked|That is not a valid URL)/.test(message);
    throw new GraphSendError(
      refused ? "whatsapp_url_refused" : "whatsapp_unreachable",
      `Could not reach the WhatsApp Graph API: ${message}`,
      !refused,
    );
  }
  const text = await res.text().catch(() => "");
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (res.ok) {
    const ok = sendResponseSchema.safeParse(json);
    if (ok.success) return ok.data.messages[0]?.id as string;
    // Accepted, most likely: trying again could send the customer the same message twice.
    throw new GraphSendError("whatsapp_bad_response", "The Graph API answered without a message id.", false);
  }
  const err = graphErrorSchema.safeParse(json);
  if (!err.success) {
    throw new GraphSendError(
      "whatsapp_http_error",
      `The Graph API answered HTTP ${res.status}.`,
      res.status >= 500 || res.status === 429,
    );
  }
  const e = err.data.error;
  const code = e.code ?? 0;
  const details = e.error_data?.details;
  throw new GraphSendError(
    CODE_NAMES[code] ?? "whatsapp_error",
    `WhatsApp refused the message (${code}): ${e.message}${details ? ` — ${details}` : ""}`,
    RETRYABLE_CODES.has(code) || res.status >= 500 || res.status === 429,
    code,
  );
}

/**
 * Splits a long reply into parts the Cloud API accepts, preferring paragraph,
 * then line, then word boundaries. One linear pass per part (lastIndexOf on a
 * bounded window), so the work is bounded by the text's length.
 */
export function splitText(text: string, max = MAX_TEXT_CHARS): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = window.lastIndexOf("\n\n");
    if (cut < max / 2) cut = window.lastIndexOf("\n");
    if (cut < max / 2) cut = window.lastIndexOf(" ");
    if (cut < max / 2) cut = max;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}
