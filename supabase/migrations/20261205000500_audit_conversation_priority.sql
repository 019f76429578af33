-- A conversation's priority (20261205000400) is changed by members like its
-- title, status and tags, so it is audited like them (20261205000110).

create or replace function private.audit_conversation_updates()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  o jsonb := jsonb_build_object('title', old.title, 'status', old.status, 'tags', to_jsonb(old.tags),
    'priority', old.priority);
  n jsonb := jsonb_build_object('title', new.title, 'status', new.status, 'tags', to_jsonb(new.tags),
    'priority', new.priority);
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

drop trigger conversations_audit_update on public.conversations;
create trigger conversations_audit_update after update of title, status, tags, priority on public.conversations
  for each row execute function private.audit_conversation_updates();
