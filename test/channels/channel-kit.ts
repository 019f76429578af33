import { sql } from "kysely";
import { createAgent } from "@/lib/agents/index";
import { receiveInbound } from "@/lib/channels/inbound";
import { putInboxSecrets } from "@/lib/channels/secrets";
import { generateInboxToken, inboxTokenHash } from "@/lib/channels/webhook-token";
import type { Database } from "@/lib/db/client";
import { asService, type SeedWorkspace, uniq } from "../db/workspace-kit";

// Channel inboxes for the channel tests, written the way the inbox API writes
// them (an agent that answers, the creator as the bot's actor, a webhook token).

export interface SeededInbox {
  inboxId: string;
  token: string;
}

/** A seeded workspace (test/db or test/http kits): its id and admin, the default actor. */
type WithAdmin = { id: string; users: { admin: { id: string } } };

export async function seedChannelInbox(
  db: Database,
  ws: WithAdmin,
  opts: {
    channel?: "chatwoot" | "whatsapp" | "widget" | "api";
    agentId?: string | null;
    actor?: string | null;
    settings?: Record<string, unknown>;
    secrets?: Record<string, string>;
    botEnabled?: boolean;
  } = {},
): Promise<SeededInbox> {
  const token = generateInboxToken();
  const inboxId = await asService(db, async (tx) => {
    const row = await tx
      .insertInto("inboxes")
      .values({
        workspace_id: ws.id,
        name: `Inbox ${uniq()}`,
        channel: opts.channel ?? "chatwoot",
        agent_id: opts.agentId ?? null,
        created_by: opts.actor === undefined ? ws.users.admin.id : opts.actor,
        settings: JSON.stringify(opts.settings ?? {}),
        webhook_token_hash: inboxTokenHash(token),
        bot_enabled: opts.botEnabled ?? true,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (opts.secrets) await putInboxSecrets(tx, ws.id, row.id, opts.secrets);
    return row.id;
  });
  return { inboxId, token };
}

/** An agent on the offline model (no provider, no network), made by the workspace's admin. */
export async function seedOfflineAgent(ws: SeedWorkspace, extra: { tools?: string[] } = {}) {
  return createAgent(
    { claims: ws.users.admin.claims, workspaceId: ws.id },
    { name: `Agent ${uniq()}`, instructions: "You help customers.", tools: (extra.tools ?? []) as never },
  );
}

/** The queued jobs of one task, with their payloads (graphile-worker's private tables). */
export async function queuedJobs(db: Database, task: string, field: string, value: string) {
  const { rows } = await sql<{
    key: string | null;
    queue_name: string | null;
    payload: Record<string, string>;
    run_at: Date;
  }>`
    select j.key, q.queue_name, j.payload, j.run_at from graphile_worker._private_jobs j
    join graphile_worker._private_tasks t on t.id = j.task_id
    left join graphile_worker._private_job_queues q on q.id = j.job_queue_id
    where t.identifier = ${task} and j.payload ->> ${field} = ${value}
    order by j.id`.execute(db);
  return rows;
}

/** A customer's text arriving in an inbox as a vendor's webhook hands it over (a new message id each time). */
export async function receiveText(
  db: Database,
  ws: { id: string },
  inboxId: string,
  ref: string,
  o: { text?: string; receivedAt?: Date } = {},
) {
  const r = await receiveInbound(
    {
      inboxId,
      workspaceId: ws.id,
      externalMessageId: `m-${uniq()}`,
      externalConversationRef: ref,
      contact: {},
      text: o.text ?? "hi",
      receivedAt: o.receivedAt,
    },
    db,
  );
  return { conversationId: r.conversationId, messageId: r.messageId as string };
}
