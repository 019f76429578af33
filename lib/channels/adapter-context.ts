import type { Database } from "../db/client";
import type { Tx } from "../db/rls";
import { createGuardedFetch } from "../net/ssrf";
import type { AdapterContext, ConversationTarget } from "./adapters";
import { openInboxSecret, readInboxSecret } from "./secrets";

/** What an adapter gets to act on one inbox: its settings, its secrets on demand, a guarded fetch. */
export function adapterContext(
  db: Database | Tx,
  inbox: {
    workspaceId: string;
    inboxId: string;
    settings: Record<string, unknown>;
    /** The inbox's secrets as stored (encrypted), when read with the caller's row: no second read. */
    sealed?: Record<string, string>;
  },
): AdapterContext {
  const { sealed } = inbox;
  return {
    workspaceId: inbox.workspaceId,
    inboxId: inbox.inboxId,
    settings: inbox.settings,
    secret: async (name) =>
      sealed
        ? openInboxSecret(inbox.workspaceId, inbox.inboxId, name, sealed[name])
        : readInboxSecret(db, inbox.workspaceId, inbox.inboxId, name),
    // Vendor calls are short: 15 s for the whole exchange, 1 MB of answer.
    fetch: createGuardedFetch({ timeoutMs: 15_000, maxBytes: 1024 * 1024 }),
  };
}

/** A conversation as adapters see it. */
export function conversationTarget(row: {
  id: string;
  external_ref: string | null;
  contact_ref: string | null;
  last_inbound_at: Date | null;
}): ConversationTarget {
  return {
    conversationId: row.id,
    externalRef: row.external_ref,
    contactRef: row.contact_ref,
    lastInboundAt: row.last_inbound_at,
  };
}
