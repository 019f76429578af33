import { AppError } from "../../errors";
import { logger } from "../../logger";
import { type DeliveryStatus, extractEvents, WebhookPayloadError, type WhatsAppEvent } from "./extract";
import { isValidSignature, SIGNATURE_HEADER } from "./signature";
import { answerSubscription } from "./verify-subscription";

/**
 * The WhatsApp Cloud API webhook of one inbox: `GET` answers Meta's
 * subscription check, `POST` takes a signed `messages` webhook.
 *
 * Meta retries every answer but a 200 (for up to 7 days), so what is refused
 * and what is acknowledged is chosen on purpose:
 * - 404 unknown token (nothing to retry into), 401 bad or missing signature
 *   (not Meta, or the inbox's app secret is wrong: the retries show up in
 *   Meta's dashboard), 413 over the size cap, 415 not JSON, 400 a body that
 *   is not JSON or a `messages` change that is malformed (nothing is stored,
 *   so a retry cannot double anything);
 * - 200 and ignored: another object, another field (e.g. account updates),
 *   another phone number of the same app, message types we do not answer
 *   (reactions, system notices, `unknown`), unknown statuses (`played`), and
 *   statuses of messages we did not send;
 * - 200 for duplicates: dedupe is by Meta's message id (wamid);
 * - 500 only when we failed (the database is down): Meta's retry is then
 *   what we want, and the messages already stored come back as duplicates.
 */

export const MAX_WHATSAPP_BODY_BYTES = 1_048_576;
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

export interface WhatsAppInbox {
  inboxId: string;
  workspaceId: string;
  phoneNumberId: string;
}

export interface WhatsAppWebhookDeps {
  /** The WhatsApp inbox this webhook token (stored as its sha256) belongs to, or null. */
  lookup(token: string): Promise<WhatsAppInbox | null>;
  secret(inbox: WhatsAppInbox, name: "app_secret" | "verify_token"): Promise<string | undefined>;
  /** A customer's text (or button/list reply): the one inbound path. */
  receiveText(
    inbox: WhatsAppInbox,
    e: Extract<WhatsAppEvent, { kind: "text" }>,
  ): Promise<{ duplicate: boolean }>;
  /** A media message: stored and answered with a fixed reply, no model call. */
  receiveMedia(
    inbox: WhatsAppInbox,
    e: Extract<WhatsAppEvent, { kind: "media" }>,
  ): Promise<{ duplicate: boolean }>;
  /** Records a vendor status on our delivery with that external id; false when there is none. */
  applyStatus(
    inbox: WhatsAppInbox,
    e: { externalId: string; status: DeliveryStatus; error?: { code: string; message: string }; at: Date },
  ): Promise<boolean>;
}

export interface WebhookSummary {
  received: number;
  duplicates: number;
  statuses: number;
  ignored: number;
}

async function findInbox(token: string, deps: WhatsAppWebhookDeps): Promise<WhatsAppInbox> {
  const inbox = TOKEN.test(token) ? await deps.lookup(token) : null;
  if (!inbox) throw new AppError("not_found", "No WhatsApp inbox listens at this URL.");
  return inbox;
}

export async function handleWhatsAppGet(req: Request, token: string, deps: WhatsAppWebhookDeps) {
  const inbox = await findInbox(token, deps);
  return answerSubscription(new URL(req.url), await deps.secret(inbox, "verify_token"));
}

/** Reads at most `max` bytes: a declared length over the cap is refused before reading. */
async function readCapped(req: Request, max: number): Promise<Uint8Array> {
  const tooLarge = () => new AppError("payload_too_large", `The body is larger than ${max} bytes.`);
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > max) throw tooLarge();
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (e) {
      // The sender went away mid-body: its request, not our failure.
      throw new AppError("bad_request", "The request body could not be read to its end.", { cause: e });
    }
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks);
}

export async function handleWhatsAppPost(
  req: Request,
  token: string,
  deps: WhatsAppWebhookDeps,
  opts: { requestId?: string; maxBytes?: number } = {},
): Promise<WebhookSummary> {
  const inbox = await findInbox(token, deps);
  const mime = (req.headers.get("content-type") ?? "").split(";", 1)[0]?.trim().toLowerCase();
  if (mime !== "application/json") {
    throw new AppError("unsupported_media_type", "WhatsApp webhooks are application/json.");
  }
  const raw = await readCapped(req, opts.maxBytes ?? MAX_WHATSAPP_BODY_BYTES);
  const appSecret = await deps.secret(inbox, "app_secret");
  // Checked before the body is parsed: an unsigned body is never read further.
  if (!appSecret || !isValidSignature(appSecret, req.headers.get(SIGNATURE_HEADER), raw)) {
    throw new AppError(
      "unauthorized",
      `The ${SIGNATURE_HEADER} signature does not match this inbox's app secret.`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    throw new AppError("invalid_json", "The body is not valid JSON.");
  }
  let parsed: ReturnType<typeof extractEvents>;
  try {
    parsed = extractEvents(body, inbox.phoneNumberId);
  } catch (e) {
    if (e instanceof WebhookPayloadError) {
      throw new AppError("validation_failed", e.message, { details: e.issues });
    }
    throw e;
  }
  const summary: WebhookSummary = { received: 0, duplicates: 0, statuses: 0, ignored: parsed.ignored.length };
  // In order: Meta batches a customer's burst, and the conversation should read as they wrote it.
  for (const event of parsed.events) {
    if (event.kind === "status") {
      if (await deps.applyStatus(inbox, event)) summary.statuses++;
      else summary.ignored++;
      continue;
    }
    const { duplicate } =
      event.kind === "text" ? await deps.receiveText(inbox, event) : await deps.receiveMedia(inbox, event);
    if (duplicate) summary.duplicates++;
    else summary.received++;
  }
  if (parsed.ignored.length > 0) {
    logger.info(
      { requestId: opts.requestId, inboxId: inbox.inboxId, ignored: parsed.ignored.slice(0, 20) },
      "whatsapp: parts of a webhook ignored",
    );
  }
  return summary;
}
