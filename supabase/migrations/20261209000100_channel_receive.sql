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
                              'messageId', v_seen.message_id, 'handledBy', null, 'botCanAnswer', false,
                              'queuedReply', false);
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
                            'handledBy', v_conv.handled_by,
                            'botCanAnswer', v_inbox.bot_enabled and v_conv.agent_id is not null,
                            'queuedReply', v_queued);
end
$$;
revoke all on function private.channel_receive(uuid, uuid, text, text, text, text, timestamptz, text, text, boolean)
  from public, anon, authenticated;
grant execute on function private.channel_receive(uuid, uuid, text, text, text, text, timestamptz, text, text, boolean)
  to service_role;

-- What the channel reply job decides on, in one call whose plan PL/pgSQL keeps
-- (the same query sent from the worker was planned on every call: ~1.5 ms of
-- the database's CPU per reply, for a join over the message partitions). The
-- conversation and its inbox (and what its channel needs to tell whether a
-- reply may be sent), whom the inbox acts as, the message, and the reply that
-- may already follow it, with whether it was handed to the channel.
create or replace function private.channel_reply_state(p_workspace uuid, p_conversation uuid, p_message uuid)
returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  v jsonb;
begin
  select jsonb_build_object(
           'inbox_id', c.inbox_id, 'handled_by', c.handled_by, 'agent_id', c.agent_id,
           'channel', i.channel, 'external_ref', c.external_ref, 'contact_ref', c.contact_ref,
           'last_inbound_at', c.last_inbound_at,
           'inbox_agent', i.agent_id, 'bot_enabled', i.bot_enabled, 'created_by', i.created_by,
           'slug', w.slug, 'role', mem.role, 'email', u.email::text,
           'message_index', m.message_index, 'message_role', m.role,
           'answer_id', a.id, 'answer_status', a.status, 'answer_parts', a.parts,
           'answer_created_by', a.created_by,
           'answer_delivered', a.id is not null and exists (select 1 from public.channel_deliveries d
                                where d.workspace_id = c.workspace_id and d.message_id = a.id))
    into v
    from public.conversations c
    join public.inboxes i on i.workspace_id = c.workspace_id and i.id = c.inbox_id
    join public.workspaces w on w.id = c.workspace_id
    left join public.workspace_members mem on mem.workspace_id = i.workspace_id and mem.user_id = i.created_by
    left join auth.users u on u.id = i.created_by
    left join public.messages m on m.workspace_id = c.workspace_id and m.conversation_id = c.id and m.id = p_message
    left join lateral (
      select a.id, a.status, a.parts, a.created_by from public.messages a
       where a.workspace_id = c.workspace_id and a.conversation_id = c.id and a.role = 'assistant'
         and a.message_index > m.message_index
       order by a.message_index limit 1) a on true
   where c.workspace_id = p_workspace and c.id = p_conversation;
  return v;
end
$$;
revoke all on function private.channel_reply_state(uuid, uuid, uuid) from public, anon, authenticated;
grant execute on function private.channel_reply_state(uuid, uuid, uuid) to service_role;

-- Records the bot's reply as a delivery its caller sends at once (the reply
-- job, lib/channels/deliver.ts recordInlineDelivery), and answers it with all
-- the send needs: its inbox and conversation, and the inbox's secrets as
-- stored (encrypted). Its job waits until p_run_at as the safety net. With
-- p_only_while_bot, nothing is recorded (null) once people handle the
-- conversation: in the same statement, so their takeover always wins.
create or replace function private.channel_record_reply_delivery(
  p_workspace uuid,
  p_inbox uuid,
  p_conversation uuid,
  p_message uuid,
  p_kind text,
  p_payload jsonb,
  p_only_while_bot boolean,
  p_run_at timestamptz
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  c record;
  i record;
  d record;
begin
  select x.id, x.workspace_id, x.external_ref, x.contact_ref, x.last_inbound_at, x.tags, x.handled_by into c
    from public.conversations x where x.workspace_id = p_workspace and x.id = p_conversation;
  if not found or (p_only_while_bot and c.handled_by <> 'bot') then
    return null;
  end if;
  select x.channel::text as channel, x.settings into i from public.inboxes x
   where x.workspace_id = p_workspace and x.id = p_inbox;
  if not found then
    return null;
  end if;
  insert into public.channel_deliveries (workspace_id, inbox_id, conversation_id, message_id, kind, payload)
  values (p_workspace, p_inbox, p_conversation, p_message, p_kind, coalesce(p_payload, '{}'::jsonb))
  returning * into d;
  perform private.enqueue_channel_delivery(d.id, p_run_at);
  return jsonb_build_object(
    'id', d.id, 'workspace_id', d.workspace_id, 'inbox_id', d.inbox_id, 'conversation_id', d.conversation_id,
    'kind', d.kind, 'payload', d.payload, 'status', d.status, 'attempts', d.attempts,
    'channel', i.channel, 'settings', i.settings, 'external_ref', c.external_ref, 'contact_ref', c.contact_ref,
    'last_inbound_at', c.last_inbound_at, 'tags', to_jsonb(c.tags),
    'sealed', (select coalesce(jsonb_object_agg(s.name, s.ciphertext), '{}'::jsonb) from public.inbox_secrets s
                where s.workspace_id = p_workspace and s.inbox_id = p_inbox));
end
$$;
revoke all on function private.channel_record_reply_delivery(uuid, uuid, uuid, uuid, text, jsonb, boolean, timestamptz)
  from public, anon, authenticated;
grant execute on function private.channel_record_reply_delivery(uuid, uuid, uuid, uuid, text, jsonb, boolean, timestamptz)
  to service_role;
