-- Audit a conversation's title, status and tags (issue 11, item 14): deleting
-- and truncating one were audited (20261204000700), changing it was not.
--
-- A trigger like the others, so every surface (web, /api/v1, MCP, an agent's
-- tag tool, the Data API) leaves the row, with the actor from the JWT claims
-- (private.write_audit). `update of` these three columns only: the message
-- counter and last_message_at, which every message moves, never fire it.
--
-- The details hold the conversation's title (as conversation.deleted and
-- .truncated do) and the old and new values of what changed; no message text.
-- Naming a new conversation (no title yet, nothing else changed) is the chat's
-- own bookkeeping after the first exchange, done in the member's name: like
-- starting the conversation, it is not audited.

create or replace function private.audit_conversation_updates()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  o jsonb := jsonb_build_object('title', old.title, 'status', old.status, 'tags', to_jsonb(old.tags));
  n jsonb := jsonb_build_object('title', new.title, 'status', new.status, 'tags', to_jsonb(new.tags));
  changed text[] := private.audit_changed_keys(o, n);
begin
  if cardinality(changed) = 0 then
    return null;
  end if;
  if changed = array['title'] and old.title is null then
    return null;
  end if;
  perform private.write_audit(new.workspace_id, 'conversation.updated', 'conversation', new.id::text,
    jsonb_build_object('title', new.title, 'changed', to_jsonb(changed),
      'changes', private.audit_changes(o, n, changed)));
  return null;
end
$$;
revoke all on function private.audit_conversation_updates() from public, anon, authenticated;

create trigger conversations_audit_update after update of title, status, tags on public.conversations
  for each row execute function private.audit_conversation_updates();
