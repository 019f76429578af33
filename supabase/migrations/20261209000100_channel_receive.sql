-- An incoming channel message in one statement (bench/channels.bench.ts: on
-- this machine a database round trip costs ~0.3 ms of CPU on each side, and
-- the webhook path made eight of them in its transaction). Claims the vendor's
-- message id (a repeat answers what the first delivery stored and changes
-- nothing), finds or starts the inbox's conversation (titled after the first
-- words: no model is asked to name a customer's conversation), stores the
-- message and queues the bot's reply (task channel_reply, one queue per
-- conversation) when the bot handles the conversation and the caller asks for
-- it. lib/channels/inbound.ts is its only caller.
create or replace function private.channel_receive(
  p_workspace uuid,
  p_inbox uuid,
  p_external_id text,
  p_ref text,
  p_contact_ref text,
  p_contact_name text,
  p_received_at timestamptz,
  p_text text,
  p_title text,
  p_queue_reply boolean
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  v_inbox record;
  v_conv record;
  v_msg record;
  v_seen record;
  v_queued boolean := false;
begin
  select i.agent_id, i.bot_enabled into v_inbox from public.inboxes i
   where i.workspace_id = p_workspace and i.id = p_inbox;
  if not found then
    raise exception 'inbox not found' using errcode = 'P0002', hint = 'channel_inbox_not_found';
  end if;

  insert into public.channel_inbound_events (inbox_id, external_id, workspace_id)
  values (p_inbox, p_external_id, p_workspace)
  on conflict (inbox_id, external_id) do nothing;
  if not found then
    -- A concurrent first delivery has committed by now (the insert waited on its key).
    select e.conversation_id, e.message_id into v_seen from public.channel_inbound_events e
     where e.inbox_id = p_inbox and e.external_id = p_external_id;
    return jsonb_build_object('duplicate', true, 'conversationId', v_seen.conversation_id,
                              'messageId', v_seen.message_id, 'handledBy', null, 'queuedReply', false);
  end if;

  -- A closed conversation opens again when the customer writes.
  insert into public.conversations as c (workspace_id, inbox_id, agent_id, external_ref, contact_ref, contact_name,
                                         title, last_inbound_at, unread_count)
  values (p_workspace, p_inbox, v_inbox.agent_id, p_ref, p_contact_ref, p_contact_name, p_title, p_received_at, 1)
  on conflict (inbox_id, external_ref) where external_ref is not null do update
    set last_inbound_at = greatest(c.last_inbound_at, excluded.last_inbound_at),
        unread_count = c.unread_count + 1,
        status = 'open',
        agent_id = coalesce(c.agent_id, excluded.agent_id),
        contact_ref = coalesce(excluded.contact_ref, c.contact_ref),
        contact_name = coalesce(excluded.contact_name, c.contact_name)
  returning c.id, c.agent_id, c.handled_by into v_conv;

  insert into public.messages (workspace_id, conversation_id, role, status, parts, agent_id)
  values (p_workspace, v_conv.id, 'user', 'complete',
          jsonb_build_array(jsonb_build_object('type', 'text', 'text', p_text)), v_conv.agent_id)
  returning id, message_index into v_msg;

  update public.channel_inbound_events e set conversation_id = v_conv.id, message_id = v_msg.id
   where e.inbox_id = p_inbox and e.external_id = p_external_id;

  if p_queue_reply and v_conv.handled_by = 'bot' and v_inbox.bot_enabled and v_conv.agent_id is not null then
    perform graphile_worker.add_job('channel_reply',
      json_build_object('workspaceId', p_workspace, 'conversationId', v_conv.id, 'messageId', v_msg.id),
      queue_name => 'channel:' || v_conv.id::text, job_key => 'channel_reply:' || v_msg.id::text,
      max_attempts => 3);
    v_queued := true;
  end if;

  return jsonb_build_object('duplicate', false, 'conversationId', v_conv.id, 'messageId', v_msg.id,
                            'handledBy', v_conv.handled_by, 'queuedReply', v_queued);
end
$$;
revoke all on function private.channel_receive(uuid, uuid, text, text, text, text, timestamptz, text, text, boolean)
  from public, anon, authenticated;
grant execute on function private.channel_receive(uuid, uuid, text, text, text, text, timestamptz, text, text, boolean)
  to service_role;
