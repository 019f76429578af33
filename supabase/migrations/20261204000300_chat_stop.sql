-- Stop: a member ends a reply while it is being generated. The reply keeps
-- what was produced so far (status 'stopped'), and the process generating it,
-- whichever one that is, hears about it through NOTIFY and aborts the model call.

alter type public.message_status add value if not exists 'stopped';

-- Security invoker: the update runs under the caller's RLS (member or above).
-- Stops the given reply, or with p_message null every reply still streaming in
-- the conversation; returns how many were stopped (0: they had finished). An
-- unknown conversation or message is 'chat_message_not_found'.
create or replace function public.stop_chat_reply(p_workspace uuid, p_conversation uuid, p_message uuid)
returns int
language plpgsql security invoker set search_path = '' as $$
declare
  hit uuid;
  n int := 0;
begin
  if not private.has_role(p_workspace, 'member') then
    raise exception 'only members can stop a reply' using errcode = '42501';
  end if;
  for hit in
    update public.messages m set status = 'stopped'
    where m.workspace_id = p_workspace and m.conversation_id = p_conversation
      and (p_message is null or m.id = p_message)
      and m.role = 'assistant' and m.status = 'streaming'
    returning m.id
  loop
    perform pg_notify('switchboard_chat_stop', hit::text);
    n := n + 1;
  end loop;
  if n = 0 and not exists (
    select 1 from public.conversations c where c.workspace_id = p_workspace and c.id = p_conversation
  ) or n = 0 and p_message is not null and not exists (
    select 1 from public.messages m
    where m.workspace_id = p_workspace and m.conversation_id = p_conversation and m.id = p_message
      and m.role = 'assistant'
  ) then
    raise exception 'message not found' using errcode = 'P0002', hint = 'chat_message_not_found';
  end if;
  return n;
end
$$;
revoke all on function public.stop_chat_reply(uuid, uuid, uuid) from public, anon;
grant execute on function public.stop_chat_reply(uuid, uuid, uuid) to authenticated, service_role;
