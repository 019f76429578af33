import { z } from "zod";
import { iso, isoTimestamp, OK, okOutput } from "../contract/json";
import { defineOperation } from "../contract/operation";
import {
  createInbox,
  deleteInbox,
  getInbox,
  type InboxWithToken,
  listInboxes,
  rotateInboxToken,
  updateInbox,
} from "./inboxes";
import { createInboxInput, type InboxView, inboxIdSchema, updateInboxInput } from "./schema";

/**
 * Inboxes' public contract: a channel instance (web chat, Chatwoot, WhatsApp,
 * the widget, the API) with the agent that answers it, its non-secret
 * settings and its credentials' masked hints. Secrets are write-only: no
 * answer carries one, and the webhook token is answered once (creation,
 * rotation) and stored only as a hash.
 */

// ---- Output shapes -------------------------------------------------------

export const inboxChannelSchema = z.enum(["web", "api", "chatwoot", "whatsapp", "widget"]);

export const inboxOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  channel: inboxChannelSchema,
  agentId: z.uuid().nullable().describe("The agent that answers; null: the bot stays silent"),
  settings: z.record(z.string(), z.unknown()).describe("The channel's non-secret settings"),
  botEnabled: z.boolean(),
  publicKey: z.string().nullable().describe("The widget's public key (data-inbox); null for other channels"),
  hasWebhookToken: z.boolean(),
  secrets: z.record(z.string(), z.string()).describe("Masked hints of the stored credentials, by name"),
  actorId: z.uuid().nullable().describe("The member the bot acts as"),
  actorProblem: z
    .enum(["no_actor", "not_a_member"])
    .nullable()
    .describe("Why the bot cannot answer as its actor; null when it can"),
  createdAt: isoTimestamp,
});
export type InboxJson = z.infer<typeof inboxOutput>;

export const inboxResult = z.object({ inbox: inboxOutput });
export const inboxList = z.object({ inboxes: z.array(inboxOutput) });
export const inboxWithWebhook = z.object({
  inbox: inboxOutput,
  webhook: z
    .object({ token: z.string(), url: z.string() })
    .nullable()
    .describe("Shown once: the vendor's webhook URL with its secret token"),
});
export type InboxWithWebhookJson = z.infer<typeof inboxWithWebhook>;

export type CreateInboxBody = z.input<typeof createInboxInput>;
export type UpdateInboxBody = z.input<typeof updateInboxInput>;

// ---- Serializers ---------------------------------------------------------

export const serializeInbox = (i: InboxView): InboxJson => ({
  id: i.id,
  name: i.name,
  channel: i.channel,
  agentId: i.agentId,
  settings: i.settings,
  botEnabled: i.botEnabled,
  publicKey: i.publicKey,
  hasWebhookToken: i.hasWebhookToken,
  secrets: i.secrets,
  actorId: i.actorId,
  actorProblem: i.actorProblem,
  createdAt: iso(i.createdAt),
});

const withWebhook = (r: InboxWithToken): InboxWithWebhookJson => ({
  inbox: serializeInbox(r.inbox),
  webhook: r.webhook,
});

// ---- Operations ----------------------------------------------------------

const params = z.object({ id: inboxIdSchema });

export const listInboxesOp = defineOperation({
  id: "inboxes.list",
  method: "get",
  summary: "List inboxes",
  description: "The web chat inbox first, then by name; credentials as masked hints.",
  output: inboxList,
  outputDescription: "The workspace's inboxes.",
  web: { path: "/inboxes", role: "viewer" },
  v1: { path: "/inboxes", group: "agents" },
  async run(scope) {
    return { inboxes: (await listInboxes(scope)).map(serializeInbox) };
  },
});

export const getInboxOp = defineOperation({
  id: "inboxes.get",
  method: "get",
  summary: "Get an inbox",
  params,
  output: inboxResult,
  outputDescription: "The inbox.",
  web: { path: "/inboxes/{id}", role: "viewer" },
  v1: { path: "/inboxes/{id}", group: "agents" },
  async run(scope, { params }) {
    return { inbox: serializeInbox(await getInbox(scope, params.id)) };
  },
});

export const createInboxOp = defineOperation({
  id: "inboxes.create",
  method: "post",
  summary: "Create an inbox",
  description:
    "A Chatwoot, WhatsApp, widget or API inbox. Chatwoot needs `secrets.api_token`; WhatsApp `access_token`, " +
    "`app_secret` and `verify_token`. Webhook channels answer their webhook URL once.",
  body: createInboxInput,
  output: inboxWithWebhook,
  status: 201,
  outputDescription: "The new inbox, and its webhook URL (shown once).",
  secretInAnswer: true,
  web: { path: "/inboxes", role: "admin" },
  v1: { path: "/inboxes", group: "agents" },
  async run(scope, { body }) {
    return withWebhook(await createInbox(scope, body));
  },
});

export const updateInboxOp = defineOperation({
  id: "inboxes.update",
  method: "patch",
  summary: "Update an inbox",
  description: "Secrets given replace the stored ones; `null` removes an optional one.",
  params,
  body: updateInboxInput,
  output: inboxResult,
  outputDescription: "The inbox as changed.",
  web: { path: "/inboxes/{id}", role: "admin" },
  v1: { path: "/inboxes/{id}", group: "agents" },
  async run(scope, { params, body }) {
    return { inbox: serializeInbox(await updateInbox(scope, params.id, body)) };
  },
});

export const rotateInboxTokenOp = defineOperation({
  id: "inboxes.rotateToken",
  method: "post",
  summary: "Rotate an inbox's webhook URL",
  description: "The old URL stops working at once; update it at the vendor.",
  params,
  output: inboxWithWebhook,
  outputDescription: "The inbox and its new webhook URL (shown once).",
  secretInAnswer: true,
  web: { path: "/inboxes/{id}/rotate-token", role: "admin" },
  v1: { path: "/inboxes/{id}/rotate-token", group: "agents" },
  async run(scope, { params }) {
    return withWebhook(await rotateInboxToken(scope, params.id));
  },
});

export const deleteInboxOp = defineOperation({
  id: "inboxes.delete",
  method: "delete",
  summary: "Delete an inbox",
  description: "Its conversations go with it. The web chat inbox cannot be deleted.",
  params,
  output: okOutput,
  outputDescription: "Deleted.",
  web: { path: "/inboxes/{id}", role: "admin" },
  v1: { path: "/inboxes/{id}", group: "agents" },
  async run(scope, { params }) {
    await deleteInbox(scope, params.id);
    return OK;
  },
});

export const inboxOperations = [
  listInboxesOp,
  getInboxOp,
  createInboxOp,
  updateInboxOp,
  rotateInboxTokenOp,
  deleteInboxOp,
];
