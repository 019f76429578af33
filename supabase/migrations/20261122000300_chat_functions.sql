-- Chat operations that plain statements cannot do safely, and change
-- notifications for live updates.

-- Regenerate and edit-and-resend drop the tail of a conversation. Moving the
-- counter back with it keeps message_index gapless. Members only, enforced
-- here because `authenticated` has no DELETE on messages at all.
create or replace function public.truncate_conversation(p_conversation uuid, p_from_index int)
returns int
language plpgsql security definer set search_path = '' as $$
declare
  ws uuid;
  removed int;
begin
  select c.workspace_id into ws from public.conversations c
  where c.id = p_conversation
    and c.workspace_id in (select private.my_workspace_ids('member'))
  for update;
  if ws is null then
    raise exception 'conversation not found' using errcode = 'P0002';
  end if;
  if p_from_index < 1 then
    raise exception 'from_index must be at least 1' using errcode = '22023';
  end if;
  delete from public.messages m
  where m.workspace_id = ws and m.conversation_id = p_conversation and m.message_index >= p_from_index;
  get diagnostics removed = row_count;
  update public.conversations
     set message_count = least(message_count, p_from_index - 1)
   where id = p_conversation;
  return removed;
end
$$;
revoke all on function public.truncate_conversation(uuid, int) from public, anon;
grant execute on function public.truncate_conversation(uuid, int) to authenticated, service_role;

-- Live updates: one channel, ids only. Subscribers re-read through RLS, so the
-- notification itself never carries content a listener could not see.
create or replace function private.notify_change()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  r record := coalesce(new, old);
  payload jsonb;
begin
  -- The kind comes as an argument: on a partition, tg_table_name is the partition's name.
  if tg_argv[0] = 'message' then
    payload := jsonb_build_object('kind', 'message', 'op', lower(tg_op), 'workspaceId', r.workspace_id,
      'conversationId', r.conversation_id, 'messageId', r.id, 'index', r.message_index);
  else
    payload := jsonb_build_object('kind', 'conversation', 'op', lower(tg_op), 'workspaceId', r.workspace_id,
      'conversationId', r.id);
  end if;
  perform pg_notify('switchboard_changes', payload::text);
  return null;
end
$$;

create trigger messages_notify after insert or update or delete on public.messages
  for each row execute function private.notify_change('message');
create trigger conversations_notify after insert or update or delete on public.conversations
  for each row execute function private.notify_change('conversation');
