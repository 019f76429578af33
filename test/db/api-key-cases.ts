import { type RawBuilder, sql } from "kysely";
import { hashApiKeySecret } from "@/lib/api-keys";
import type { ChatWorkspace } from "./chat-kit";
import { type Outcome, type SeedUser, uniq } from "./workspace-kit";

// Statements for api-keys-isolation.integration.test.ts, kept apart so the
// test reads as the rules it checks.

const EMPTY: Outcome = { kind: "rows", count: 0 };
const DENIED: Outcome = { kind: "denied", code: "42501" };

/** What someone outside `target` tries against its api_keys and mcp_calls, and what they must get. */
export const keyTableAttacks = (
  target: ChatWorkspace,
  actor: SeedUser,
): [string, RawBuilder<unknown>, Outcome][] => [
  ["select keys", sql`select id, name, prefix from public.api_keys where workspace_id = ${target.id}`, EMPTY],
  ["rename keys", sql`update public.api_keys set name = 'pwned' where workspace_id = ${target.id}`, EMPTY],
  [
    "revoke keys",
    sql`update public.api_keys set revoked_at = now() where workspace_id = ${target.id}`,
    EMPTY,
  ],
  ["delete keys", sql`delete from public.api_keys where workspace_id = ${target.id}`, DENIED],
  [
    "insert key",
    sql`insert into public.api_keys (workspace_id, name, prefix, secret_hash, scopes, role, created_by)
        values (${target.id}, 'forged', 'sbk_AAAAAAAA', ${hashApiKeySecret(uniq())}, '{write,agents}', 'admin', ${actor.id})`,
    DENIED,
  ],
  ["select calls", sql`select * from public.mcp_calls where workspace_id = ${target.id}`, EMPTY],
  [
    "insert call",
    sql`insert into public.mcp_calls (workspace_id, direction, tool, status, latency_ms)
        values (${target.id}, 'inbound', 'forged', 'ok', 1)`,
    DENIED,
  ],
  ["update calls", sql`update public.mcp_calls set tool = 'x' where workspace_id = ${target.id}`, DENIED],
  ["delete calls", sql`delete from public.mcp_calls where workspace_id = ${target.id}`, DENIED],
];

/** Every kind of write a read-only key of `a` might attempt directly; each works for a's owner. */
export const readOnlyKeyWrites = (a: ChatWorkspace): [string, RawBuilder<unknown>][] => [
  [
    "insert agent",
    sql`insert into public.agents (workspace_id, name, created_by) values (${a.id}, 'x', ${a.users.owner.id})`,
  ],
  ["update agent", sql`update public.agents set name = 'x' where id = ${a.chat.agentId}`],
  ["delete agent", sql`delete from public.agents where id = ${a.chat.agentId}`],
  [
    "insert conversation",
    sql`insert into public.conversations (workspace_id, inbox_id, created_by) values (${a.id}, ${a.chat.webInboxId}, ${a.users.owner.id})`,
  ],
  [
    "update conversation",
    sql`update public.conversations set title = 'x' where id = ${a.chat.conversationId}`,
  ],
  ["delete conversation", sql`delete from public.conversations where id = ${a.chat.conversationId}`],
  [
    "insert message",
    sql`insert into public.messages (workspace_id, conversation_id, role, parts, created_by)
        values (${a.id}, ${a.chat.conversationId}, 'user', '[]', ${a.users.owner.id})`,
  ],
  ["update message", sql`update public.messages set status = 'stopped' where workspace_id = ${a.id}`],
  ["truncate conversation", sql`select public.truncate_conversation(${a.chat.conversationId}::uuid, 1)`],
  [
    "get_or_create_conversation",
    sql`select public.get_or_create_conversation(${a.id}::uuid, ${a.chat.webInboxId}::uuid, null, ${`x-${uniq()}`}, 'x')`,
  ],
  [
    "begin_chat_turn",
    sql`select public.begin_chat_turn(${a.id}::uuid, ${a.chat.agentId}::uuid, null, 'submit', null, 'x', 'offline')`,
  ],
  ["rename workspace", sql`update public.workspaces set name = 'x' where id = ${a.id}`],
  ["delete workspace", sql`delete from public.workspaces where id = ${a.id}`],
  [
    "change a role",
    sql`update public.workspace_members set role = 'admin' where user_id = ${a.users.viewer.id}`,
  ],
  ["remove a member", sql`delete from public.workspace_members where user_id = ${a.users.member.id}`],
  [
    "invite",
    sql`insert into public.invitations (workspace_id, email, role, token_hash, invited_by)
        values (${a.id}, ${`x-${uniq()}@x.test`}, 'admin', ${hashApiKeySecret(uniq())}, ${a.users.owner.id})`,
  ],
  [
    "update provider",
    sql`update public.provider_connections set name = 'x' where id = ${a.chat.connectionId}`,
  ],
  ["delete provider", sql`delete from public.provider_connections where id = ${a.chat.connectionId}`],
  [
    "insert inbox",
    sql`insert into public.inboxes (workspace_id, name, channel) values (${a.id}, 'x', 'api')`,
  ],
  ["update own profile", sql`update public.profiles set display_name = 'x' where id = ${a.users.owner.id}`],

  [
    "insert product",
    sql`insert into public.products (workspace_id, sku, name, price, created_by)
        values (${a.id}, ${`SKU-${uniq()}`}, 'x', 1, ${a.users.owner.id})`,
  ],
];
