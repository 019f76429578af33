"use client";

import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

export type ExpiryChoice = "never" | "30" | "90" | "custom";

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` in local time, for the date input's bounds. */
const localDate = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/**
 * The ISO expiry to send, null for never; undefined when a custom date is
 * missing. A custom date lasts to the end of that day in the user's time zone.
 */
export function expiryToIso(
  choice: ExpiryChoice,
  customDate: string,
  now = Date.now(),
): string | null | undefined {
  if (choice === "never") return null;
  if (choice === "custom") {
    if (!customDate) return undefined;
    return new Date(`${customDate}T23:59:59`).toISOString();
  }
  return new Date(now + Number(choice) * DAY_MS).toISOString();
}

export function ExpiryField({
  choice,
  customDate,
  onChoice,
  onCustomDate,
  error,
}: {
  choice: ExpiryChoice;
  customDate: string;
  onChoice: (c: ExpiryChoice) => void;
  onCustomDate: (d: string) => void;
  error?: string;
}) {
  const tomorrow = localDate(new Date(Date.now() + DAY_MS));
  return (
    <div className="grid gap-2">
      <Label htmlFor="key-expiry">Expires</Label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <Select value={choice} onValueChange={(v) => onChoice(v as ExpiryChoice)}>
          <SelectTrigger id="key-expiry" className="w-full sm:w-44">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="never">Never</SelectItem>
            <SelectItem value="30">In 30 days</SelectItem>
            <SelectItem value="90">In 90 days</SelectItem>
            <SelectItem value="custom">On a date…</SelectItem>
          </SelectContent>
        </Select>
        {choice === "custom" ? (
          <Input
            type="date"
            aria-label="Expiry date"
            min={tomorrow}
            value={customDate}
            onChange={(e) => onCustomDate(e.target.value)}
            aria-invalid={error ? true : undefined}
            className="sm:w-44"
          />
        ) : null}
      </div>
      {error ? <p className="text-sm text-destructive">{error}</p> : null}
    </div>
  );
}
