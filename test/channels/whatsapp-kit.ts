import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { GET, POST } from "@/app/api/channels/whatsapp/[token]/route";
import { putInboxSecrets } from "@/lib/channels/secrets";
import { generateInboxToken, inboxTokenHash } from "@/lib/channels/webhook-token";
import type { Database } from "@/lib/db/client";
import { runAsService } from "@/lib/db/rls";
import { createAppServer } from "@/server/app-server";
import { signWhatsAppBody } from "@/test/fakes/whatsapp-graph-fake-webhooks";

// A WhatsApp inbox as the inbox API writes one (settings, encrypted secrets,
// webhook token), and the webhook route served over real HTTP by the
// production app server (its route table given only this route).

export interface WhatsAppInbox {
  inboxId: string;
  token: string;
  phoneNumberId: string;
  appSecret: string;
  verifyToken: string;
}

export async function seedWhatsAppInbox(
  db: Database,
  a: {
    workspaceId: string;
    actorId: string;
    agentId: string | null;
    graphBaseUrl: string;
    accessToken: string;
    templates?: { name: string; language: string }[];
    botEnabled?: boolean;
  },
): Promise<WhatsAppInbox> {
  const token = generateInboxToken();
  const phoneNumberId = String(100_000_000_000_000 + Math.floor(Math.random() * 1e12));
  const appSecret = randomBytes(16).toString("hex");
  const verifyToken = `verify-${randomBytes(8).toString("hex")}`;
  const inboxId = await runAsService(
    "test:whatsapp-inbox",
    async (tx) => {
      const row = await tx
        .insertInto("inboxes")
        .values({
          workspace_id: a.workspaceId,
          name: `WhatsApp ${phoneNumberId.slice(-4)}`,
          channel: "whatsapp",
          agent_id: a.agentId,
          created_by: a.actorId,
          settings: JSON.stringify({
            phoneNumberId,
            graphBaseUrl: a.graphBaseUrl,
            templates: a.templates ?? [],
          }),
          webhook_token_hash: inboxTokenHash(token),
          bot_enabled: a.botEnabled ?? true,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await putInboxSecrets(tx, a.workspaceId, row.id, {
        access_token: a.accessToken,
        app_secret: appSecret,
        verify_token: verifyToken,
      });
      return row.id;
    },
    db,
  );
  return { inboxId, token, phoneNumberId, appSecret, verifyToken };
}

export interface WhatsAppServer {
  base: string;
  /** POSTs a webhook body signed with the inbox's app secret (or as `opts` say: null sends none). */
  post(
    inbox: Pick<WhatsAppInbox, "token" | "appSecret">,
    body: unknown,
    opts?: { signature?: string | null; contentType?: string },
  ): Promise<Response>;
  stop(): Promise<void>;
}

export async function startWhatsAppServer(): Promise<WhatsAppServer> {
  const path = /^\/api\/channels\/whatsapp\/(?<token>[^/]+)$/;
  const server = createAppServer({
    routes: [
      { method: "GET", path, handler: GET },
      { method: "POST", path, handler: POST },
    ],
    next: async (_req, res) => {
      res.statusCode = 599;
      res.end();
    },
    headers: [],
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    post(inbox, body, opts = {}) {
      const raw = typeof body === "string" ? body : JSON.stringify(body);
      const headers: Record<string, string> = { "content-type": opts.contentType ?? "application/json" };
      const signature =
        opts.signature === undefined ? signWhatsAppBody(inbox.appSecret, raw) : opts.signature;
      if (signature !== null) headers["x-hub-signature-256"] = signature;
      return fetch(`${base}/api/channels/whatsapp/${inbox.token}`, { method: "POST", headers, body: raw });
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

type ChannelTask = (payload: unknown, helpers: never) => Promise<void> | void;

/**
 * Runs the due channel jobs (`channel_reply`, `channel_deliver`) of one
 * conversation with the worker's own task functions, each taken off the
 * queue first as the worker takes it, until `done` says so. Other test files
 * run the real worker on the same database and may take a job first: `done`
 * checks the outcome, whoever ran it.
 */
export async function settleChannelJobs(
  db: Database,
  conversationId: string,
  tasks: Record<"channel_reply" | "channel_deliver", ChannelTask>,
  done: () => Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await sql<{ key: string; task: "channel_reply" | "channel_deliver"; payload: unknown }>`
      select j.key, t.identifier as task, j.payload from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id
      where j.run_at <= now() and j.locked_at is null and (
        (t.identifier = 'channel_reply' and j.payload ->> 'conversationId' = ${conversationId})
        or (t.identifier = 'channel_deliver' and j.payload ->> 'deliveryId' in (
          select d.id::text from public.channel_deliveries d where d.conversation_id = ${conversationId})))
      order by j.id limit 1`.execute(db);
    const job = rows[0];
    if (job) {
      const { rows: taken } = await sql<{ id: string }>`
        select id::text from graphile_worker.remove_job(${job.key})`.execute(db);
      if (taken[0]?.id) await tasks[job.task](job.payload, undefined as never);
      continue;
    }
    if (await done()) return;
    if (Date.now() > deadline) throw new Error(`channel jobs of ${conversationId} did not settle`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
