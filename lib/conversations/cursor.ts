import { AppError } from "../errors";
import { isUuid } from "../uuid";
import { isEpochMicrosText } from "../validation";

/**
 * Keyset position in the (last_message_at desc nulls last, id) order.
 * `us` is last_message_at in microseconds since the epoch, as text: a JS Date
 * keeps only milliseconds, and a rounded key would skip or repeat rows.
 */
export interface ConversationCursor {
  us: string | null;
  id: string;
}

export function encodeCursor(c: ConversationCursor): string {
  return Buffer.from(`${c.us ?? "-"}|${c.id}`, "utf8").toString("base64url");
}

export function decodeCursor(raw: string): ConversationCursor {
  const text = Buffer.from(raw, "base64url").toString("utf8");
  const [us, id, ...rest] = text.split("|");
  if (
    rest.length > 0 ||
    !id ||
    !isUuid(id) ||
    !us ||
    (us !== "-" && !isEpochMicrosText(us, { signed: true }))
  ) {
    throw new AppError("validation_failed", "Some fields are missing or invalid.", {
      details: [{ path: "cursor", message: "Invalid cursor." }],
    });
  }
  return { us: us === "-" ? null : us, id };
}
