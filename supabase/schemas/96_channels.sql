-- Channels (issue 14): the parts of inboxes and conversations that channels
-- add (the columns are in 50_conversations.sql), channel credentials, the
-- dedupe of incoming vendor messages and the outbound deliveries.

-- ------------------------------------------------------- inboxes, conversations

-- A changed actor is always the member making the change ("act as me"): no
-- one makes the bot act in someone else's name. The service path may set any.
create or replace function private.inboxes_check_actor()
returns trigger language plpgsql set search_path = '' as $$
begin
  if new.created_by is not null and new.created_by is distinct from old.created_by
     and current_setting('role', true) = 'authenticated'
     and new.created_by is distinct from (select auth.uid()) then
    raise exception 'an inbox acts as the member who sets it' using errcode = '42501';
  end if;
  return new;
end
$$;
revoke all on function private.inboxes_check_actor() from public, anon, authenticated;
create trigger inboxes_check_actor before update of created_by on public.inboxes
  for each row execute function private.inboxes_check_actor();

-- The assignee is a member (or above) of the conversation's workspace.
create or replace function private.conversations_check_assignee()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if new.assignee_id is not null and not exists (
    select 1 from public.workspace_members m
    where m.workspace_id = new.workspace_id and m.user_id = new.assignee_id
      and m.role in ('owner', 'admin', 'member')
  ) then
    raise exception 'the assignee must be a member of this workspace' using errcode = '23514',
      hint = 'conversation_bad_assignee';
  end if;
  return new;
end
$$;
revoke all on function private.conversations_check_assignee() from public, anon, authenticated;
create trigger conversations_check_assignee before insert or update of assignee_id on public.conversations
  for each row when (new.assignee_id is not null) execute function private.conversations_check_assignee();

-- ----------------------------------------------------------- inbox_secrets

-- Channel credentials, encrypted (AAD inbox_secrets:<workspace>:<inbox>:<name>).
-- The service path only: members see the masked hint through the inbox API.
create table public.inbox_secrets (
  inbox_id uuid not null,
  workspace_id uuid not null,
  name text not null check (name in ('api_token', 'webhook_secret', 'access_token', 'app_secret', 'verify_token',
    'visitor_signing_key')),
  ciphertext text not null check (char_length(ciphertext) <= 8192),
  hint text not null check (char_length(hint) <= 40),
  updated_at timestamptz not null default now(),
  primary key (inbox_id, name),
  foreign key (workspace_id, inbox_id) references public.inboxes (workspace_id, id) on delete cascade
);
create index inbox_secrets_workspace_idx on public.inbox_secrets (workspace_id);
revoke all on public.inbox_secrets from anon, authenticated;
grant all on public.inbox_secrets to service_role;
alter table public.inbox_secrets enable row level security;
alter table public.inbox_secrets force row level security;

-- ------------------------------------------------- channel_inbound_events

-- Dedupe of incoming vendor messages, across message partitions: the vendor's
-- message id is claimed once per inbox. Kept when the conversation goes, so a
-- late redelivery is still a duplicate.
create table public.channel_inbound_events (
  inbox_id uuid not null,
  external_id text not null check (char_length(external_id) between 1 and 200),
  workspace_id uuid not null,
  conversation_id uuid references public.conversations (id) on delete set null,
  message_id uuid,
  received_at timestamptz not null default now(),
  primary key (inbox_id, external_id),
  foreign key (workspace_id, inbox_id) references public.inboxes (workspace_id, id) on delete cascade
);
create index channel_inbound_events_workspace_idx on public.channel_inbound_events (workspace_id, received_at);
create index channel_inbound_events_conversation_idx on public.channel_inbound_events (conversation_id);
revoke all on public.channel_inbound_events from anon, authenticated;
grant select on public.channel_inbound_events to authenticated;
grant all on public.channel_inbound_events to service_role;
alter table public.channel_inbound_events enable row level security;
alter table public.channel_inbound_events force row level security;
create policy channel_inbound_events_select on public.channel_inbound_events for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));

-- ------------------------------------------------------ channel_deliveries

-- One row per outbound action to a vendor (a message, the label set, a
-- handoff). The worker sends it (task channel_deliver) with retries; the last
-- failure stays visible with its error and a member can retry it.
create table public.channel_deliveries (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  inbox_id uuid not null,
  conversation_id uuid not null references public.conversations (id) on delete cascade,
  message_id uuid,
  kind text not null check (kind in ('message', 'labels', 'handoff', 'status')),
  payload jsonb not null default '{}'::jsonb check (pg_column_size(payload) <= 65536),
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts int not null default 0 check (attempts >= 0),
  last_error jsonb,
  external_id text check (char_length(external_id) <= 200),
  delivery_status text check (delivery_status in ('sent', 'delivered', 'read', 'failed')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (workspace_id, inbox_id) references public.inboxes (workspace_id, id) on delete cascade
);
create unique index channel_deliveries_external_idx on public.channel_deliveries (inbox_id, external_id)
  where external_id is not null;
create index channel_deliveries_conversation_idx on public.channel_deliveries (workspace_id, conversation_id, created_at);
create index channel_deliveries_message_idx on public.channel_deliveries (message_id) where message_id is not null;
create index channel_deliveries_failed_idx on public.channel_deliveries (workspace_id, updated_at desc)
  where status = 'failed';
create trigger channel_deliveries_touch before update on public.channel_deliveries
  for each row execute function private.touch_updated_at();

revoke all on public.channel_deliveries from anon, authenticated;
grant select on public.channel_deliveries to authenticated;
grant all on public.channel_deliveries to service_role;
alter table public.channel_deliveries enable row level security;
alter table public.channel_deliveries force row level security;
create policy channel_deliveries_select on public.channel_deliveries for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));

-- Live updates: a delivery's change is its message's (or conversation's), so
-- the Inbox re-reads what it shows. Ids only, like private.notify_change().
create or replace function private.notify_channel_delivery()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  r public.channel_deliveries := coalesce(new, old);
begin
  perform pg_notify('switchboard_changes', jsonb_build_object(
    'kind', case when r.message_id is null then 'conversation' else 'message' end, 'op', 'update',
    'workspaceId', r.workspace_id, 'conversationId', r.conversation_id, 'messageId', r.message_id)::text);
  return null;
end
$$;
revoke all on function private.notify_channel_delivery() from public, anon, authenticated;
create trigger channel_deliveries_notify after insert or update on public.channel_deliveries
  for each row execute function private.notify_channel_delivery();

-- Queues a delivery for the worker (graphile-worker's add_job, in the caller's
-- transaction: a row is never stored without its job).
create or replace function private.enqueue_channel_delivery(p_delivery uuid, p_run_at timestamptz default now())
returns void language plpgsql security definer set search_path = '' as $$
begin
  perform graphile_worker.add_job('channel_deliver', json_build_object('deliveryId', p_delivery),
    job_key => 'channel_deliver:' || p_delivery::text, run_at => p_run_at, max_attempts => 6);
end
$$;
revoke all on function private.enqueue_channel_delivery(uuid, timestamptz) from public, anon, authenticated;
grant execute on function private.enqueue_channel_delivery(uuid, timestamptz) to service_role;

-- Tags → the vendor's labels. Chatwoot's labels endpoint replaces the whole
-- set, so one pending 'labels' delivery per conversation carries the full set
-- (the worker sends the tags as they are when it runs). Every path that tags
-- (the agent's tool, the Inbox, the API, a flow) goes through here.
create or replace function private.channel_labels_on_tags()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  d uuid;
begin
  if not exists (select 1 from public.inboxes i where i.id = new.inbox_id and i.channel = 'chatwoot')
     or new.external_ref is null then
    return null;
  end if;
  update public.channel_deliveries set payload = jsonb_build_object('tags', to_jsonb(new.tags))
  where conversation_id = new.id and kind = 'labels' and status = 'pending'
  returning id into d;
  if d is null then
    insert into public.channel_deliveries (workspace_id, inbox_id, conversation_id, kind, payload)
    values (new.workspace_id, new.inbox_id, new.id, 'labels', jsonb_build_object('tags', to_jsonb(new.tags)))
    returning id into d;
  end if;
  perform private.enqueue_channel_delivery(d);
  return null;
end
$$;
revoke all on function private.channel_labels_on_tags() from public, anon, authenticated;
create trigger conversations_channel_labels after update of tags on public.conversations
  for each row when (old.tags is distinct from new.tags) execute function private.channel_labels_on_tags();

-- An incoming channel message in one statement (lib/channels/inbound.ts): the
-- dedupe claim, the conversation, the message and the queued reply.
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
         -- A notice (lib/chat/notice.ts: "I can only read text") does not answer the customer.
         and not coalesce(a.parts -> 0 -> 'providerMetadata' -> 'switchboard' ? 'notice', false)
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
