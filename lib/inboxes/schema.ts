import { z } from "zod";
import { INBOX_SECRET_NAMES, type InboxSecretName } from "../channels/secrets";
import { channelSecretNames, channelSettingsSchemas } from "../channels/settings";
import { pgText } from "../validation";

export const inboxIdSchema = z.uuid({ message: "Not a valid inbox id." });
/** Channels a workspace adds; the web inbox comes with the workspace. */
export const creatableChannels = ["chatwoot", "whatsapp", "widget", "api"] as const;
export const creatableChannelSchema = z.enum(creatableChannels);
export type CreatableChannel = z.infer<typeof creatableChannelSchema>;
export type InboxChannel = CreatableChannel | "web";

const nameSchema = pgText().trim().min(1, "Give the inbox a name.").max(80, "Use at most 80 characters.");
const secretValue = pgText().trim().min(1, "Empty.").max(4096, "Too long.");

/** Secrets by name; on update, null removes one. */
const secretsInput = z
  .partialRecord(z.enum(INBOX_SECRET_NAMES), secretValue.nullable())
  .describe("Channel credentials (write-only: answers show masked hints)");

export const createInboxInput = z
  .object({
    channel: creatableChannelSchema,
    name: nameSchema,
    agentId: z.uuid({ message: "Not a valid agent id." }).nullable().optional(),
    settings: z.record(z.string(), z.unknown()).default({}),
    secrets: secretsInput.optional(),
    botEnabled: z.boolean().optional(),
  })
  .strict();
export type CreateInboxInput = z.input<typeof createInboxInput>;

export const updateInboxInput = z
  .object({
    name: nameSchema.optional(),
    agentId: z.uuid({ message: "Not a valid agent id." }).nullable().optional(),
    settings: z.record(z.string(), z.unknown()).optional(),
    secrets: secretsInput.optional(),
    botEnabled: z.boolean().optional(),
    actAsMe: z.literal(true).optional().describe("The bot acts as you from now on (when its actor left)"),
  })
  .strict()
  .refine((v) => Object.values(v).some((f) => f !== undefined), { message: "Nothing to change." });
export type UpdateInboxInput = z.input<typeof updateInboxInput>;

/** The channel's settings, validated with its schema; issues are reported under `settings.`. */
export function parseChannelSettings(channel: InboxChannel, settings: unknown) {
  return channelSettingsSchemas[channel].safeParse(settings ?? {});
}

/** Secret names a channel accepts. */
export function allowedSecrets(channel: InboxChannel): readonly InboxSecretName[] {
  const s = channelSecretNames[channel];
  return [...s.required, ...s.optional];
}

export interface InboxView {
  id: string;
  name: string;
  channel: InboxChannel;
  agentId: string | null;
  settings: Record<string, unknown>;
  botEnabled: boolean;
  publicKey: string | null;
  hasWebhookToken: boolean;
  /** Masked hints by secret name. */
  secrets: Record<string, string>;
  actorId: string | null;
  /** Why the bot cannot answer as its actor; null when it can. */
  actorProblem: "no_actor" | "not_a_member" | null;
  createdAt: Date;
}
