import type { CreatableChannel, CreateInboxBody, Inbox, UpdateInboxBody } from "./types";

/** One input of a channel's form: a setting (stored as is) or a secret (write-only, shown as a hint). */
export interface FieldSpec {
  key: string;
  label: string;
  kind: "setting" | "secret";
  /** How the text becomes the setting's value. */
  as?: "number" | "lines" | "templates";
  optional?: boolean;
  placeholder?: string;
  help?: string;
}

export const channelFields: Record<CreatableChannel, FieldSpec[]> = {
  chatwoot: [
    { key: "baseUrl", label: "Chatwoot URL", kind: "setting", placeholder: "https://app.chatwoot.com" },
    {
      key: "accountId",
      label: "Account id",
      kind: "setting",
      as: "number",
      help: "The number in /app/accounts/<id>.",
    },
    {
      key: "inboxId",
      label: "Chatwoot inbox id",
      kind: "setting",
      as: "number",
      optional: true,
      help: "Leave empty to answer every inbox of the account.",
    },
    {
      key: "api_token",
      label: "Agent bot access token",
      kind: "secret",
      help: "Settings › Bots in Chatwoot.",
    },
    {
      key: "webhook_secret",
      label: "Webhook secret",
      kind: "secret",
      optional: true,
      help: "When set, unsigned webhooks are refused.",
    },
  ],
  whatsapp: [
    { key: "phoneNumberId", label: "Phone number id", kind: "setting", placeholder: "106540352242922" },
    {
      key: "graphBaseUrl",
      label: "Graph API URL",
      kind: "setting",
      optional: true,
      placeholder: "https://graph.facebook.com",
    },
    {
      key: "templates",
      label: "Approved templates",
      kind: "setting",
      as: "templates",
      optional: true,
      placeholder: "order_update en_US",
      help: "One per line: name and language. Sent outside the 24-hour window.",
    },
    { key: "access_token", label: "Access token", kind: "secret" },
    {
      key: "app_secret",
      label: "App secret",
      kind: "secret",
      help: "Checks the X-Hub-Signature-256 of every webhook.",
    },
    {
      key: "verify_token",
      label: "Verify token",
      kind: "secret",
      help: "Any phrase; type the same in Meta's webhook set-up.",
    },
  ],
  widget: [
    {
      key: "allowedOrigins",
      label: "Allowed sites",
      kind: "setting",
      as: "lines",
      placeholder: "https://shop.example.com",
      help: "One origin per line; the widget loads only there.",
    },
    { key: "title", label: "Title", kind: "setting", optional: true, placeholder: "Chat with us" },
    { key: "welcome", label: "Welcome message", kind: "setting", optional: true },
    { key: "color", label: "Color", kind: "setting", optional: true, placeholder: "#2563eb" },
  ],
  api: [],
};

export type FieldValues = Record<string, string>;

/** The form's text for an existing inbox's settings (secrets always start empty). */
export function valuesOf(inbox: Inbox | undefined, channel: CreatableChannel): FieldValues {
  const out: FieldValues = {};
  for (const f of channelFields[channel]) {
    const v = inbox?.settings[f.key];
    if (f.kind === "secret" || v === undefined || v === null) out[f.key] = "";
    else if (f.as === "lines" && Array.isArray(v)) out[f.key] = v.join("\n");
    else if (f.as === "templates" && Array.isArray(v))
      out[f.key] = (v as { name: string; language: string }[])
        .map((t) => `${t.name} ${t.language}`)
        .join("\n");
    else out[f.key] = String(v);
  }
  return out;
}

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

function settingValue(f: FieldSpec, text: string): unknown {
  if (f.as === "number") return Number(text);
  if (f.as === "lines") return lines(text);
  if (f.as === "templates")
    return lines(text).map((l) => {
      const [name = "", language = ""] = l.split(/\s+/, 2);
      return { name, language };
    });
  return text;
}

/** Settings and secrets from the form's text: empty optional fields are left out, empty secrets kept as stored. */
export function splitValues(channel: CreatableChannel, values: FieldValues) {
  const settings: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const f of channelFields[channel]) {
    const text = (values[f.key] ?? "").trim();
    if (f.kind === "secret") {
      if (text) secrets[f.key] = text;
    } else if (text) settings[f.key] = settingValue(f, text);
    // Left empty: an optional setting is omitted; a required one is sent empty so the server names it.
    else if (!f.optional) settings[f.key] = f.as === "lines" ? [] : f.as === "number" ? undefined : "";
  }
  return { settings, secrets };
}

export interface InboxFormInput {
  channel: CreatableChannel;
  name: string;
  agentId: string | null;
  botEnabled: boolean;
  values: FieldValues;
}

export function toBody(input: InboxFormInput, existing?: Inbox): CreateInboxBody | UpdateInboxBody {
  const { settings, secrets } = splitValues(input.channel, input.values);
  const withSecrets = Object.keys(secrets).length > 0 ? { secrets } : {};
  if (!existing)
    return {
      channel: input.channel,
      name: input.name,
      agentId: input.agentId,
      botEnabled: input.botEnabled,
      settings,
      ...withSecrets,
    };
  return { name: input.name, agentId: input.agentId, botEnabled: input.botEnabled, settings, ...withSecrets };
}
