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

function productLabel(d: Details): string {
  const name = text(d.name);
  return [text(d.sku), name && `“${name}”`].filter(Boolean).join(" ") || "(unnamed)";
}

/** "name", "base URL" and the like: the changed column names as a person reads them. */
const FIELD_LABELS: Record<string, string> = {
  api_key: "API key",
  base_url: "base URL",
  max_steps: "max steps",
  rag_enabled: "knowledge search",
  rag_top_k: "knowledge results",
  provider_connection_id: "provider",
  external_endpoint_url: "external endpoint",
  external_timeout_ms: "external timeout",
  input_per_million: "input price",
  output_per_million: "output price",
};

/** ": model, temperature" from a `changed` list, or nothing when there is none. */
function changedFields(d: Details): string {
  const names = Array.isArray(d.changed)
    ? d.changed
        .filter((x): x is string => typeof x === "string")
        .map((x) => FIELD_LABELS[x] ?? x.replace(/_/g, " "))
    : [];
  return names.length ? `: ${names.join(", ")}` : "";
}

const quoted = (value: unknown, fallback = "unnamed") => `“${text(value) ?? fallback}”`;

function priceLabel(d: Details): string {
  return `${text(d.provider) ?? "?"}/${text(d.model) ?? "?"}`;
}

function messageCount(value: unknown): string {
  const n = typeof value === "number" ? value : 0;
  return n === 1 ? "1 message" : `${n} messages`;
}

/** The person who acted, by name where they have one; their email is the fallback. */
export function actorName(entry: AuditEntry): string {
  if (!entry.actor) return "System";
  return entry.actor.displayName?.trim() || entry.actor.email || "Someone";
}

/** One sentence per entry, e.g. "alice@x changed bob@y's role from member to viewer". */
export function describeAuditEntry(entry: AuditEntry): string {
  const sentence = describeAction(entry);
  // Changes made with an API key are audited under the key's creator, marked with the key.
  return text(record(entry.details)?.api_key_id) ? `${sentence} (with an API key)` : sentence;
}

function describeAction(entry: AuditEntry): string {
  const who = actorName(entry);
  const d = record(entry.details) ?? {};
  // Entries about the actor themself (joined, left, accepted) name them, not their email.
  const self = entry.actor !== null && entry.actor.email === text(d.email);
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
      return self ? `${who} joined${asRole}` : `${who} added ${email}${asRole}`;
    case "member.role_changed":
      return from && to
        ? `${who} changed ${email}'s role from ${from} to ${to}`
        : `${who} changed ${email}'s role`;
    case "member.removed":
      return `${who} removed ${email}${role ? ` (${role})` : ""}`;
    case "member.left":
      return `${self ? who : (text(d.email) ?? who)} left the workspace`;
    case "invitation.created":
      return `${who} invited ${email}${asRole}`;
    case "invitation.accepted":
      return `${self ? who : (text(d.email) ?? who)} accepted an invitation${asRole}`;
    case "invitation.revoked":
      return `${who} revoked the invitation for ${email}`;
    case "api_key.created":
      return `${who} created the API key “${text(d.name) ?? "unnamed"}” (${text(d.prefix) ?? "?"})`;
    case "api_key.revoked":
      return `${who} revoked the API key “${text(d.name) ?? "unnamed"}” (${text(d.prefix) ?? "?"})`;
    case "api_key.renamed":
      return from && to ? `${who} renamed the API key “${from}” to “${to}”` : `${who} renamed an API key`;
    case "integration.created":
      return `${who} connected the MCP integration “${text(d.name) ?? "unnamed"}”`;
    case "integration.updated":
      return `${who} changed the MCP integration “${text(d.name) ?? "unnamed"}”`;
    case "integration.deleted":
      return `${who} removed the MCP integration “${text(d.name) ?? "unnamed"}”`;
    case "integration.tools_refreshed":
      return `${who} refreshed the tools of the MCP integration “${text(d.name) ?? "unnamed"}”`;
    case "integration.tool_granted":
      return `${who} granted the integration tool “${text(d.tool) ?? "?"}” to an agent`;
    case "integration.tool_revoked":
      return `${who} took the integration tool “${text(d.tool) ?? "?"}” away from an agent`;
    case "product.created":
      return `${who} added the product ${productLabel(d)}`;
    case "product.deleted":
      return `${who} deleted the product ${productLabel(d)}`;
    case "product.updated":
      return `${who} updated the product ${productLabel(d)}${changedFields(d)}`;
    case "agent.created":
      return `${who} created the agent ${quoted(d.name)}`;
    case "agent.updated":
      return `${who} updated the agent ${quoted(d.name)}${changedFields(d)}`;
    case "agent.deleted":
      return `${who} deleted the agent ${quoted(d.name)}`;
    case "provider_connection.created":
      return `${who} added the model provider ${quoted(d.name)}`;
    case "provider_connection.updated":
      if (d.key_removed === true && Array.isArray(d.changed) && d.changed.length === 1)
        return `${who} removed the API key of the model provider ${quoted(d.name)}`;
      return `${who} updated the model provider ${quoted(d.name)}${changedFields(d)}`;
    case "provider_connection.deleted":
      return `${who} removed the model provider ${quoted(d.name)}`;
    case "model_price.created":
      return `${who} set a workspace price for ${priceLabel(d)}`;
    case "model_price.updated":
      return `${who} changed the price of ${priceLabel(d)}`;
    case "model_price.deleted":
      return `${who} removed the workspace price for ${priceLabel(d)}, so the default applies`;
    case "inbox.created":
      return `${who} created the inbox ${quoted(d.name)}`;
    case "inbox.renamed":
      return from && to ? `${who} renamed the inbox “${from}” to “${to}”` : `${who} renamed an inbox`;
    case "inbox.deleted":
      return `${who} deleted the inbox ${quoted(d.name)}`;
    case "conversation.deleted":
      return `${who} deleted the conversation ${quoted(d.title, "untitled")} (${messageCount(d.messages)})`;
    case "conversation.updated":
      return `${who} changed the conversation ${quoted(d.title, "untitled")}${changedFields(d)}`;
    case "conversation.truncated":
      return `${who} removed ${messageCount(d.removed)} from the conversation ${quoted(d.title, "untitled")} (edit or regenerate)`;
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
