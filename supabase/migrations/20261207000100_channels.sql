-- Channels (issue 14): inboxes get an agent, settings, credentials and a webhook
-- token; conversations know who handles them; incoming vendor messages are
-- deduplicated; every outbound action to a vendor is a delivery row.

-- ----------------------------------------------------------------- inboxes

alter table public.inboxes
  add column agent_id uuid,
  add column settings jsonb not null default '{}'::jsonb,
  add column public_key text unique,
  add column webhook_token_hash bytea unique,
  add column created_by uuid references auth.users (id) on delete set null,
  add column bot_enabled boolean not null default true,
  add constraint inboxes_agent_fkey foreign key (workspace_id, agent_id)
    references public.agents (workspace_id, id) on delete set null (agent_id),
  -- Non-secret and small: zod validates the shape per channel (lib/channels/settings.ts).
  add constraint inboxes_settings_check check (jsonb_typeof(settings) = 'object' and pg_column_size(settings) <= 16384),
  -- The widget's public id (pk_ + 24 base62); only widgets have one.
  add constraint inboxes_public_key_check check (
    public_key is null or (channel = 'widget' and public_key ~ '^pk_[A-Za-z0-9]{24}$')),
  -- sha256 of the token in the inbox's webhook URL.
  add constraint inboxes_webhook_token_hash_check check (webhook_token_hash is null or octet_length(webhook_token_hash) = 32);

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

grant insert (workspace_id, name, channel, agent_id, settings, public_key, webhook_token_hash, created_by, bot_enabled)
  on public.inboxes to authenticated;
grant update (agent_id, settings, webhook_token_hash, created_by, bot_enabled) on public.inboxes to authenticated;

drop policy inboxes_insert on public.inboxes;
create policy inboxes_insert on public.inboxes for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('admin'))
    and (created_by is null or created_by = (select auth.uid())));

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

-- ----------------------------------------------------------- conversations

alter table public.conversations
  add column handled_by text not null default 'bot' constraint conversations_handled_by_check
    check (handled_by in ('bot', 'human')),
  add column assignee_id uuid references auth.users (id) on delete set null,
  add column handoff_reason text check (char_length(handoff_reason) <= 500),
  add column handoff_at timestamptz,
  add column last_inbound_at timestamptz,
  add column unread_count int not null default 0 check (unread_count >= 0);

-- "My" conversations and the ones waiting for a person.
create index conversations_handled_idx on public.conversations (workspace_id, handled_by, last_message_at desc nulls last)
  where handled_by = 'human';

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

-- Take over, hand back and "read" are members' (through RLS); the reason and
-- the customer's side are the service path's.
grant update (handled_by, assignee_id, handoff_reason, handoff_at, unread_count) on public.conversations to authenticated;

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

-- ------------------------------------------------------------ chat turn

-- 'reply' answers a stored user message (a channel's inbound, p_edit_index is
-- its index) without storing it again, and refuses when a reply already
-- follows it: the channel reply job may run twice, the turn runs once.
create or replace function public.begin_chat_turn(
  p_workspace uuid,
  p_agent uuid,
  p_conversation uuid,
  p_trigger text,
  p_edit_index int,
  p_text text,
  p_offline_model text,
  p_history_limit int default 100
) returns jsonb
language plpgsql security invoker set search_path = '' as $$
declare
  a public.agents;
  conv_id uuid;
  conv_title text;
  last_index int;
  last_text text;
  user_ref jsonb;
  asst_ref jsonb;
  history jsonb := '[]'::jsonb;
  granted jsonb := '[]'::jsonb;
  conn_updated timestamptz;
begin
  if p_trigger not in ('submit', 'regenerate', 'edit', 'reply') then
    raise exception 'unknown trigger %', p_trigger using errcode = '22023', hint = 'chat_bad_trigger';
  end if;

  select * into a from public.agents where workspace_id = p_workspace and id = p_agent;
  if not found then
    raise exception 'agent not found' using errcode = 'P0002', hint = 'chat_agent_not_found';
  end if;

  if p_conversation is null then
    select c.id, c.title into conv_id, conv_title
    from public.get_or_create_conversation(
      p_workspace,
      (select i.id from public.inboxes i where i.workspace_id = p_workspace and i.channel = 'web'),
      a.id, null, null) c;
  else
    select c.id, c.title into conv_id, conv_title
    from public.conversations c where c.workspace_id = p_workspace and c.id = p_conversation;
    if conv_id is null then
      raise exception 'conversation not found' using errcode = 'P0002', hint = 'chat_conversation_not_found';
    end if;
  end if;

  if p_trigger = 'regenerate' then
    -- Drop the replies after the last user message and answer it again.
    select m.message_index,
           (select string_agg(p->>'text', '') from jsonb_array_elements(m.parts) p where p->>'type' = 'text')
      into last_index, last_text
    from public.messages m
    where m.workspace_id = p_workspace and m.conversation_id = conv_id and m.role = 'user'
    order by m.message_index desc limit 1;
    if last_index is null then
      raise exception 'nothing to regenerate' using errcode = '22023', hint = 'chat_nothing_to_regenerate';
    end if;
    perform public.truncate_conversation(conv_id, last_index + 1);
  elsif p_trigger = 'edit' and p_edit_index is not null then
    perform public.truncate_conversation(conv_id, p_edit_index);
  elsif p_trigger = 'reply' then
    -- The conversation row orders concurrent replies to it.
    perform 1 from public.conversations c where c.id = conv_id for update;
    select m.message_index,
           (select string_agg(p->>'text', '') from jsonb_array_elements(m.parts) p where p->>'type' = 'text')
      into last_index, last_text
    from public.messages m
    where m.workspace_id = p_workspace and m.conversation_id = conv_id and m.role = 'user'
      and m.message_index = p_edit_index;
    if last_index is null then
      raise exception 'message not found' using errcode = 'P0002', hint = 'chat_message_not_found';
    end if;
    if exists (select 1 from public.messages m
               where m.workspace_id = p_workspace and m.conversation_id = conv_id and m.role = 'assistant'
                 and m.message_index > last_index) then
      raise exception 'already answered' using errcode = '23505', hint = 'chat_already_answered';
    end if;
  end if;

  if p_trigger not in ('regenerate', 'reply') then
    -- Attributed to the agent addressed, so usage per agent counts both sides.
    insert into public.messages (workspace_id, conversation_id, role, parts, status, agent_id, created_by)
    values (p_workspace, conv_id, 'user', jsonb_build_array(jsonb_build_object('type', 'text', 'text', p_text)),
            'complete', a.id, (select auth.uid()))
    returning jsonb_build_object('id', id, 'index', message_index, 'created_at', created_at::text) into user_ref;
  end if;

  insert into public.messages (workspace_id, conversation_id, role, parts, status, agent_id, agent_version, model)
  values (p_workspace, conv_id, 'assistant', '[]'::jsonb, 'streaming', a.id, a.version,
          case when a.external_endpoint_url is not null then 'external' else coalesce(a.model, p_offline_model) end)
  returning jsonb_build_object('id', id, 'index', message_index, 'created_at', created_at::text) into asst_ref;

  if a.external_endpoint_url is null then
    -- Newest first (the index serves it backwards); the caller puts it in order.
    select coalesce(jsonb_agg(jsonb_build_object('id', h.id, 'role', h.role, 'parts', h.parts, 'status', h.status)
                              order by h.message_index desc), '[]'::jsonb)
      into history
    from (select m.id, m.role, m.parts, m.status, m.message_index from public.messages m
          where m.workspace_id = p_workspace and m.conversation_id = conv_id
          order by m.message_index desc limit p_history_limit) h;
    granted := public.agent_granted_integrations(p_workspace, a.id);
    if a.provider_connection_id is not null then
      -- Lets the caller reuse a provider client built from this same version of the connection.
      select pc.updated_at into conn_updated from public.provider_connections pc
      where pc.workspace_id = p_workspace and pc.id = a.provider_connection_id;
    end if;
  end if;

  return jsonb_build_object(
    -- Every column but created_by, which is not part of the API (lib/agents/map.ts reads what it needs).
    'agent', to_jsonb(a) - 'created_by',
    'connection_updated_at', conn_updated::text,
    'conversation', jsonb_build_object('id', conv_id, 'title', conv_title),
    'user_message', user_ref,
    'assistant', asst_ref,
    -- Regenerate and reply answer the stored message, whatever text the caller sent along.
    'last_text', case when p_trigger in ('regenerate', 'reply') then coalesce(last_text, '') else coalesce(p_text, '') end,
    'history', history,
    'granted', granted);
end
$$;

