-- The chat path's per-turn database work, made cheaper (issue 12's benchmark):
-- 20261205000100 and …0110/…0500 added a function call to every message insert
-- and a plpgsql trigger call to every new conversation's first title, and the
-- chat-overhead benchmark lost throughput. Same rules, evaluated in C:
--
-- * The text-parts check is a jsonpath inside the policy instead of a SQL
--   function with `set search_path` (each call of such a function saves and
--   restores the GUC state and runs a subquery through the executor). The
--   filter keeps only elements that are objects with type "text" and a string
--   text (strict mode: anything else is an error inside the filter, i.e. not
--   kept), so the counts are equal exactly when every element is a text part.
-- * The audit trigger gets a WHEN clause: the trigger function is not called
--   at all for updates it would ignore (no change; a new conversation's first
--   title on its own).

drop policy messages_insert on public.messages;
create policy messages_insert on public.messages for insert to authenticated
  with check (
    workspace_id = any (array(select private.my_workspace_ids('member')))
    and input_tokens = 0 and output_tokens = 0 and cost = 0
    and latency_first_token_ms is null and latency_total_ms is null and error is null
    and (
      (role = 'user' and status = 'complete' and model is null and agent_version is null
        and (created_by is null or created_by = (select auth.uid()))
        and pg_catalog.jsonb_typeof(parts) = 'array'
        and pg_catalog.jsonb_array_length(parts) = pg_catalog.jsonb_array_length(pg_catalog.jsonb_path_query_array(
          parts, 'strict $[*] ? (@.type == "text" && @.text.type() == "string")')))
      or (role = 'assistant' and status = 'streaming' and parts = '[]'::jsonb and created_by is null)
    ));
drop function private.is_text_parts(jsonb);

drop trigger conversations_audit_update on public.conversations;
create trigger conversations_audit_update after update of title, status, tags, priority on public.conversations
  for each row
  when ((old.status, old.tags, old.priority) is distinct from (new.status, new.tags, new.priority)
    or (old.title is not null and old.title is distinct from new.title))
  execute function private.audit_conversation_updates();
