import type { z } from "zod";
import { AppError } from "../errors";
import { parseWith } from "../validation";

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
/**
 * How much of an oversized body is still read (and dropped) before answering
 * 413. A server that answers before the upload is over and then closes resets
 * the socket under it, and the client sees EPIPE/ECONNRESET instead of the 413.
 * Beyond this the connection is cut: the client is not one to be polite to.
 */
export const DRAIN_CEILING_BYTES = 16 * 1024 * 1024;

/**
 * Keeps at most `maxBytes` of the body; the size is checked while streaming,
 * not trusted from headers. An oversized body is still read to its end (up to
 * DRAIN_CEILING_BYTES) before the 413 is thrown, so the client gets it.
 */
async function readCapped(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > DRAIN_CEILING_BYTES) throw tooLarge(maxBytes);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total <= maxBytes) chunks.push(value);
      else if (total > DRAIN_CEILING_BYTES) {
        await reader.cancel();
        break;
      }
    }
  } catch (e) {
    // The client went away, or sent a broken chunked body: its request, not our failure.
    throw new AppError("bad_request", "The request body could not be read to its end.", { cause: e });
  }
  if (total > maxBytes) throw tooLarge(maxBytes);
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(maxBytes: number) {
  return new AppError(
    "payload_too_large",
    `The request body is larger than ${Math.round(maxBytes / 1024)} KiB.`,
  );
}

export async function readJson<S extends z.ZodType>(
  req: Request,
  schema: S,
  opts: { maxBytes?: number } = {},
): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError(
      "unsupported_media_type",
      "Send the body as JSON with Content-Type: application/json.",
    );
  }
  const text = await readCapped(req, opts.maxBytes ?? DEFAULT_MAX_BODY_BYTES);
  let value: unknown;
  try {
    value = text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
  if (value === undefined) throw new AppError("bad_request", "The request body is empty.");
  return parseWith(schema, value);
}
