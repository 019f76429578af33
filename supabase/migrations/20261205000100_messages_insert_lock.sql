-- Hardening (issue 11, item 10, the INSERT side; 20261204000600 locked UPDATE).
--
-- Where the Data API is exposed a member runs INSERTs on messages directly, and
-- could insert an assistant reply with their own parts, or any in-range tokens
-- and cost: forged output and usage. A member may insert exactly what the chat
-- path inserts as them (public.begin_chat_turn is security invoker):
--   * their own message: role 'user', text parts only, 'complete', no usage;
--   * the reply's placeholder: role 'assistant', no parts, 'streaming', no usage,
--     in no one's name.
-- The reply's output and usage are written later on the service path
-- (lib/chat/persist.ts). Everything else (replies with content, system and tool
-- messages, backdated rows) is the service path's to insert.

-- Columns: no usage, latency, error, id or created_at. created_at would let a
-- member backdate a message into a past day's usage, or date it in the future
-- and pin the conversation to the top of every list (last_message_at).
revoke insert on public.messages from authenticated;
grant insert (workspace_id, conversation_id, role, parts, model, agent_id, agent_version, status, created_by)
  on public.messages to authenticated;

-- A user message's parts as begin_chat_turn builds them: an array of text parts.
create or replace function private.is_text_parts(p jsonb)
returns boolean
language sql immutable set search_path = '' as $$
  select case when pg_catalog.jsonb_typeof(p) = 'array' then not exists (
    select 1 from pg_catalog.jsonb_array_elements(p) e(part)
     where pg_catalog.jsonb_typeof(e.part) is distinct from 'object'
        or e.part->>'type' is distinct from 'text'
        or pg_catalog.jsonb_typeof(e.part->'text') is distinct from 'string')
  else false end
$$;
revoke all on function private.is_text_parts(jsonb) from public, anon;
grant execute on function private.is_text_parts(jsonb) to authenticated, service_role;

-- Rows: the two shapes above. The usage checks repeat the column grants, so a
-- later grant cannot reopen the hole by itself.
drop policy messages_insert on public.messages;
create policy messages_insert on public.messages for insert to authenticated
  with check (
    workspace_id = any (array(select private.my_workspace_ids('member')))
    and input_tokens = 0 and output_tokens = 0 and cost = 0
    and latency_first_token_ms is null and latency_total_ms is null and error is null
    and (
      (role = 'user' and status = 'complete' and model is null and agent_version is null
        and (created_by is null or created_by = (select auth.uid()))
        and private.is_text_parts(parts))
      or (role = 'assistant' and status = 'streaming' and parts = '[]'::jsonb and created_by is null)
    ));
