import type { AuditEntry } from "@/components/api/types";

type Details = Record<string, unknown>;

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.length > 0 ? value : undefined;

const record = (value: unknown): Details | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Details) : undefined;

function workspaceLabel(value: unknown): string {
  const w = record(value);
  const name = text(w?.name);
  const slug = text(w?.slug);
  if (name && slug) return `“${name}” (${slug})`;
  return name ? `“${name}”` : (slug ?? "its previous name");
}

/** One sentence per entry, e.g. "alice@x changed bob@y's role from member to viewer". */
export function describeAuditEntry(entry: AuditEntry): string {
  const who = entry.actor?.email ?? "System";
  const d = record(entry.details) ?? {};
  const email = text(d.email) ?? "a user";
  const role = text(d.role);
  const asRole = role ? ` as ${role}` : "";
  const from = text(d.from);
  const to = text(d.to);

  switch (entry.action) {
    case "workspace.created":
      return `${who} created the workspace`;
    case "workspace.renamed":
      return `${who} renamed the workspace from ${workspaceLabel(d.from)} to ${workspaceLabel(d.to)}`;
    case "workspace.plan_changed":
      return from && to ? `${who} changed the plan from ${from} to ${to}` : `${who} changed the plan`;
    case "member.added":
      return entry.actor?.email === email ? `${email} joined${asRole}` : `${who} added ${email}${asRole}`;
    case "member.role_changed":
      return from && to
        ? `${who} changed ${email}'s role from ${from} to ${to}`
        : `${who} changed ${email}'s role`;
    case "member.removed":
      return `${who} removed ${email}${role ? ` (${role})` : ""}`;
    case "member.left":
      return `${text(d.email) ?? who} left the workspace`;
    case "invitation.created":
      return `${who} invited ${email}${asRole}`;
    case "invitation.accepted":
      return `${text(d.email) ?? who} accepted an invitation${asRole}`;
    case "invitation.revoked":
      return `${who} revoked the invitation for ${email}`;
    default:
      return `${who}: ${entry.action}`;
  }
}

/** Flattens details into "key: value" pairs for the audit table's details column. */
export function detailPairs(details: unknown, prefix = ""): [string, string][] {
  const fields = record(details);
  if (!fields) return details === null || details === undefined ? [] : [[prefix || "value", String(details)]];
  return Object.entries(fields).flatMap(([key, value]): [string, string][] => {
    const name = prefix ? `${prefix}.${key}` : key;
    const nested = record(value);
    if (nested) return detailPairs(nested, name);
    if (value === null || value === undefined) return [];
    return [[name, Array.isArray(value) ? value.join(", ") : String(value)]];
  });
}
