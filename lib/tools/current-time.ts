import { tool } from "ai";
import { z } from "zod";

export const currentTimeInput = z.object({
  timezone: z
    .string()
    .max(64)
    .optional()
    .describe('IANA time zone such as "Europe/Lisbon" or "America/Sao_Paulo"; UTC when omitted.'),
});
export type CurrentTimeInput = z.infer<typeof currentTimeInput>;
export type CurrentTimeOutput =
  | { iso: string; utc: string; timezone: string; offset: string; weekday: string }
  | { error: string };

/** "+01:00" from Intl's "GMT+1" / "GMT+05:30" / "GMT". */
function offsetOf(date: Date, timeZone: string): string {
  const name =
    new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
      .formatToParts(date)
      .find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  return m ? `${m[1]}${(m[2] ?? "0").padStart(2, "0")}:${m[3] ?? "00"}` : "+00:00";
}

/** The time now in a zone, as ISO 8601 with that zone's offset. */
export function currentTime(input: CurrentTimeInput, now = new Date()): CurrentTimeOutput {
  const requested = input.timezone?.trim() || "UTC";
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: requested,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "long",
    });
  } catch {
    // A bad zone is the model's mistake to fix, not a reason to end the chat.
    return { error: `Unknown time zone "${requested}". Use an IANA name such as "Europe/Paris".` };
  }
  const parts = Object.fromEntries(format.formatToParts(now).map((p) => [p.type, p.value]));
  const timezone = format.resolvedOptions().timeZone;
  const offset = offsetOf(now, timezone);
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}:${parts.second}`;
  return {
    iso: `${date}T${time}${offset === "+00:00" ? "Z" : offset}`,
    utc: now.toISOString(),
    timezone,
    offset,
    weekday: parts.weekday ?? "",
  };
}

export const currentTimeTool = () =>
  tool({
    description: "Get the current date and time, optionally in a given IANA time zone.",
    inputSchema: currentTimeInput,
    execute: async (input) => currentTime(input),
  });
