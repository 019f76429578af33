"use client";

import { type ApiKeyAccess, type ApiKeyGroup, apiKeyGroups } from "@/lib/api-keys/schema";
import { cn } from "@/lib/utils";
import { Checkbox } from "../../agents/_components/checkbox";
import { groupLabels } from "./types";

const accessOptions: { value: ApiKeyAccess; label: string; hint: string }[] = [
  { value: "read", label: "Read only", hint: "Look things up; change nothing." },
  { value: "write", label: "Read and write", hint: "Also create, change and chat." },
];

/** Access level (one of) and tool groups (any of): together they are the key's scopes. */
export function ScopeFields({
  access,
  groups,
  onAccess,
  onGroups,
  error,
}: {
  access: ApiKeyAccess;
  groups: ApiKeyGroup[];
  onAccess: (a: ApiKeyAccess) => void;
  onGroups: (g: ApiKeyGroup[]) => void;
  error?: string;
}) {
  const toggle = (g: ApiKeyGroup, on: boolean) =>
    onGroups(on ? apiKeyGroups.filter((x) => x === g || groups.includes(x)) : groups.filter((x) => x !== g));
  return (
    <div className="grid gap-4">
      <fieldset className="grid gap-2">
        <legend className="mb-2 text-sm font-medium">Access</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {accessOptions.map((o) => (
            <label
              key={o.value}
              className={cn(
                "flex cursor-pointer items-start gap-2 rounded-md border p-3 text-sm",
                access === o.value && "border-primary bg-primary/5",
              )}
            >
              <input
                type="radio"
                name="access"
                value={o.value}
                checked={access === o.value}
                onChange={() => onAccess(o.value)}
                className="mt-0.5 accent-primary"
              />
              <span>
                <span className="block font-medium">{o.label}</span>
                <span className="block text-muted-foreground">{o.hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="grid gap-2" aria-describedby={error ? "scopes-error" : undefined}>
        <legend className="mb-2 text-sm font-medium">Tool groups</legend>
        {apiKeyGroups.map((g) => (
          <div key={g} className="flex items-start gap-2 text-sm">
            <Checkbox
              id={`group-${g}`}
              checked={groups.includes(g)}
              onCheckedChange={(v) => toggle(g, v === true)}
              className="mt-0.5"
            />
            <label htmlFor={`group-${g}`} className="cursor-pointer">
              <span className="font-medium">{groupLabels[g].label}</span>{" "}
              <span className="text-muted-foreground">— {groupLabels[g].hint}</span>
            </label>
          </div>
        ))}
        {error ? (
          <p id="scopes-error" className="text-sm text-destructive">
            {error}
          </p>
        ) : null}
      </fieldset>
    </div>
  );
}
