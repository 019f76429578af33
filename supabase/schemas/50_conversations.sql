-- Inboxes, conversations and messages, and the chat turn's database side.
--
-- An inbox is where conversations arrive (every workspace has a `web` one for
-- the in-app chat; api, chatwoot, whatsapp and widget are the other channels).
-- Messages are range-partitioned by month on created_at, with a DEFAULT
-- partition, and carry a gapless per-conversation message_index. Usage per
-- message is kept by a trigger declared in 60_usage.sql.

create type public.channel_kind as enum ('web', 'api', 'chatwoot', 'whatsapp', 'widget');
create type public.conversation_status as enum ('open', 'closed');
create type public.message_role as enum ('user', 'assistant', 'system', 'tool');
-- 'stopped': a member ended the reply while it was generated; it keeps what was produced.
create type public.message_status as enum ('pending', 'streaming', 'complete', 'error', 'stopped');
grant usage on type public.channel_kind, public.conversation_status, public.message_role, public.message_status
  to authenticated, service_role;

-- ----------------------------------------------------------------- inboxes

create table public.inboxes (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 80),
  channel public.channel_kind not null,
  created_at timestamptz not null default now(),
  -- The agent that answers the inbox's conversations (channels).
  agent_id uuid,
  -- Non-secret and small, per channel: zod validates the shape (lib/channels/settings.ts).
  settings jsonb not null default '{}'::jsonb,
  -- The widget's public id (pk_ + 24 base62); only widgets have one.
  public_key text unique,
  -- sha256 of the unguessable token in the inbox's webhook URL (shown once).
  webhook_token_hash bytea unique,
  -- Background turns act as this member through RLS (96_channels.sql: a changed actor is the changer).
  created_by uuid references auth.users (id) on delete set null,
  bot_enabled boolean not null default true,
  unique (workspace_id, id), -- target of the same-workspace foreign key from conversations
  constraint inboxes_agent_fkey foreign key (workspace_id, agent_id)
    references public.agents (workspace_id, id) on delete set null (agent_id),
  constraint inboxes_settings_check check (jsonb_typeof(settings) = 'object' and pg_column_size(settings) <= 16384),
  constraint inboxes_public_key_check check (
    public_key is null or (channel = 'widget' and public_key ~ '^pk_[A-Za-z0-9]{24}$')),
  constraint inboxes_webhook_token_hash_check check (webhook_token_hash is null or octet_length(webhook_token_hash) = 32)
);
create index inboxes_workspace_idx on public.inboxes (workspace_id);
create unique index inboxes_one_web_idx on public.inboxes (workspace_id) where channel = 'web';

-- Every workspace has a web inbox (web chat lands there).
create or replace function private.create_web_inbox()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  insert into public.inboxes (workspace_id, name, channel) values (new.id, 'Web chat', 'web')
  on conflict do nothing;
  return null;
end
$$;
create trigger workspaces_web_inbox after insert on public.workspaces
  for each row execute function private.create_web_inbox();

-- The web inbox made with a workspace is part of its creation (and goes with it).
create or replace function private.audit_inboxes()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  r public.inboxes := coalesce(new, old);
begin
  -- The web inbox made with a workspace is part of its creation (and goes with it).
  if pg_trigger_depth() > 1 or not exists (select 1 from public.workspaces w where w.id = r.workspace_id) then
    return null;
  end if;
  if tg_op = 'INSERT' then
    perform private.write_audit(new.workspace_id, 'inbox.created', 'inbox', new.id::text,
      jsonb_build_object('name', new.name, 'channel', new.channel));
  elsif tg_op = 'DELETE' then
    perform private.write_audit(old.workspace_id, 'inbox.deleted', 'inbox', old.id::text,
      jsonb_build_object('name', old.name, 'channel', old.channel));
  elsif new.name is distinct from old.name then
    perform private.write_audit(new.workspace_id, 'inbox.renamed', 'inbox', new.id::text,
      jsonb_build_object('from', old.name, 'to', new.name, 'channel', new.channel));
  end if;
  return null;
end
$$;
create trigger inboxes_audit after insert or update or delete on public.inboxes
  for each row execute function private.audit_inboxes();

-- Admins add, rename and remove inboxes; the web inbox comes with the workspace.
revoke all on public.inboxes from anon, authenticated;
grant select on public.inboxes to authenticated;
grant insert (workspace_id, name, channel) on public.inboxes to authenticated;
grant update (name) on public.inboxes to authenticated;
grant insert (workspace_id, name, channel, agent_id, settings, public_key, webhook_token_hash, created_by, bot_enabled)
  on public.inboxes to authenticated;
grant update (agent_id, settings, webhook_token_hash, created_by, bot_enabled) on public.inboxes to authenticated;
grant delete on public.inboxes to authenticated;
grant all on public.inboxes to service_role;

alter table public.inboxes enable row level security;
alter table public.inboxes force row level security;

create policy inboxes_select on public.inboxes for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
create policy inboxes_insert on public.inboxes for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('admin'))
    and (created_by is null or created_by = (select auth.uid())));
create policy inboxes_update on public.inboxes for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')))
  with check (workspace_id in (select private.my_workspace_ids('admin')));
create policy inboxes_delete on public.inboxes for delete to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));

-- ----------------------------------------------------------- conversations

create table public.conversations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  inbox_id uuid not null,
  agent_id uuid,
  contact_ref text check (char_length(contact_ref) <= 200),
  contact_name text check (char_length(contact_name) <= 200),
  external_ref text check (char_length(external_ref) <= 200),
  title text check (char_length(title) <= 200),
  status public.conversation_status not null default 'open',
  tags text[] not null default '{}' check (cardinality(tags) <= 50),
  message_count int not null default 0,
  last_message_at timestamptz,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Set by members in the inbox; a CHECK rather than an enum so a value can be added without ALTER TYPE.
  priority text not null default 'normal'
    constraint conversations_priority_check check (priority in ('low', 'normal', 'high', 'urgent')),
  -- Who answers the customer: the bot, or people (after a handoff or a take-over; the bot stays silent).
  handled_by text not null default 'bot' constraint conversations_handled_by_check
    check (handled_by in ('bot', 'human')),
  assignee_id uuid references auth.users (id) on delete set null,
  handoff_reason text check (char_length(handoff_reason) <= 500),
  handoff_at timestamptz,
  -- The customer's last message (WhatsApp's 24-hour window).
  last_inbound_at timestamptz,
  -- Customer messages since a member last opened the conversation.
  unread_count int not null default 0 check (unread_count >= 0),
  foreign key (workspace_id, inbox_id) references public.inboxes (workspace_id, id) on delete cascade,
  foreign key (workspace_id, agent_id) references public.agents (workspace_id, id) on delete set null (agent_id)
);
create index conversations_recent_idx on public.conversations (workspace_id, last_message_at desc nulls last, id);
-- The inbox filtered by priority pages like the unfiltered list.
create index conversations_priority_idx
  on public.conversations (workspace_id, priority, last_message_at desc nulls last, id);
create index conversations_agent_idx on public.conversations (workspace_id, agent_id, last_message_at desc);
create index conversations_tags_idx on public.conversations using gin (tags);
-- "My" conversations and the ones waiting for a person.
create index conversations_handled_idx on public.conversations (workspace_id, handled_by, last_message_at desc nulls last)
  where handled_by = 'human';
create unique index conversations_external_idx on public.conversations (inbox_id, external_ref)
  where external_ref is not null;
-- Target of carts' same-workspace foreign key. A unique index is enough for the
-- FK, and its column order is free: id first, so the planner never prefers it
-- to conversations_recent_idx for "this workspace's conversations".
create unique index if not exists conversations_id_workspace_id_key on public.conversations (id, workspace_id);

create trigger conversations_touch before update on public.conversations
  for each row execute function private.touch_updated_at();

create or replace function private.audit_conversation_deletes()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if not exists (select 1 from public.workspaces w where w.id = old.workspace_id) then
    return null;
  end if;
  perform private.write_audit(old.workspace_id, 'conversation.deleted', 'conversation', old.id::text,
    jsonb_strip_nulls(jsonb_build_object('title', old.title, 'messages', old.message_count,
      'agent_id', old.agent_id, 'created_by', old.created_by)));
  return null;
end
$$;
create trigger conversations_audit_delete after delete on public.conversations
  for each row execute function private.audit_conversation_deletes();

-- Title, status, tags and priority changes are audited from every surface (web, /api/v1,
-- MCP, an agent's tag tool, the Data API); `update of` these columns only, so
-- the message counter never fires it. No message text in the details. Naming a
-- new conversation after its first exchange is the chat's own bookkeeping.
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
revoke all on function private.audit_conversation_updates() from public, anon, authenticated;

-- The WHEN clause skips the call for what the function would ignore (every new
-- conversation's first title), keeping it off the chat path.
create trigger conversations_audit_update after update of title, status, tags, priority on public.conversations
  for each row
  when ((old.status, old.tags, old.priority) is distinct from (new.status, new.tags, new.priority)
    or (old.title is not null and old.title is distinct from new.title))
  execute function private.audit_conversation_updates();

-- Members start and update conversations (title, status, tags, agent, contact
-- name); deleting one is an admin's.
revoke all on public.conversations from anon, authenticated;
grant select, delete on public.conversations to authenticated;
grant insert (workspace_id, inbox_id, agent_id, contact_ref, contact_name, external_ref, title, status, tags, created_by)
  on public.conversations to authenticated;
grant update (agent_id, title, status, tags, contact_name) on public.conversations to authenticated;
grant update (priority) on public.conversations to authenticated;
-- Take over, hand back and "read" are members' (through RLS).
grant update (handled_by, assignee_id, handoff_reason, handoff_at, unread_count) on public.conversations to authenticated;
grant all on public.conversations to service_role;

alter table public.conversations enable row level security;
alter table public.conversations force row level security;

create policy conversations_select on public.conversations for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
create policy conversations_insert on public.conversations for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('member'))
    and inbox_id in (select i.id from public.inboxes i where i.workspace_id = conversations.workspace_id)
    and (created_by is null or created_by = (select auth.uid())));
create policy conversations_update on public.conversations for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('member')))
  with check (workspace_id in (select private.my_workspace_ids('member')));
create policy conversations_delete on public.conversations for delete to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));

-- ---------------------------------------------------------------- messages

create table public.messages (
  id uuid not null default gen_random_uuid(),
  workspace_id uuid not null,
  conversation_id uuid not null references public.conversations (id) on delete cascade,
  inbox_id uuid,
  message_index int not null default 0,
  role public.message_role not null,
  parts jsonb not null default '[]'::jsonb,
  model text,
  agent_id uuid,
  agent_version int,
  input_tokens int not null default 0 check (input_tokens >= 0),
  output_tokens int not null default 0 check (output_tokens >= 0),
  cost numeric(14, 6) not null default 0,
  latency_first_token_ms int,
  latency_total_ms int,
  status public.message_status not null default 'complete',
  error jsonb,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (id, created_at),
  -- Usage values are sane: no negative cost (credits) and no absurd counts that
  -- would overflow the daily sums.
  constraint messages_cost_range check (cost >= 0 and cost <= 1000000),
  constraint messages_tokens_range check (input_tokens <= 100000000 and output_tokens <= 100000000),
  constraint messages_latency_range check (
    (latency_first_token_ms is null or latency_first_token_ms between 0 and 86400000)
    and (latency_total_ms is null or latency_total_ms between 0 and 86400000))
) partition by range (created_at);
create index messages_conversation_idx on public.messages (workspace_id, conversation_id, message_index desc);
create index messages_time_idx on public.messages (workspace_id, created_at desc);
create index messages_parts_idx on public.messages using gin (parts jsonb_path_ops);

-- message_index: the conversation row is the counter. Its row lock orders
-- concurrent inserts, and a rolled-back insert rolls its increment back too,
-- so indexes are gapless and unique per conversation.
create or replace function private.assign_message_index()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  update public.conversations c
     set message_count = c.message_count + 1,
         last_message_at = greatest(c.last_message_at, new.created_at)
   where c.id = new.conversation_id and c.workspace_id = new.workspace_id
  returning c.message_count, c.inbox_id into new.message_index, new.inbox_id;
  if not found then
    raise exception 'conversation % not found in this workspace', new.conversation_id
      using errcode = '23503';
  end if;
  return new;
end
$$;
create trigger messages_assign_index before insert on public.messages
  for each row execute function private.assign_message_index();

create or replace function private.messages_touch()
returns trigger language plpgsql set search_path = '' as $$
begin
  new.updated_at := now();
  -- Identity and position never change after insert.
  new.id := old.id; new.workspace_id := old.workspace_id; new.conversation_id := old.conversation_id;
  new.message_index := old.message_index; new.inbox_id := old.inbox_id; new.created_at := old.created_at;
  return new;
end
$$;
create trigger messages_touch before update on public.messages
  for each row execute function private.messages_touch();

-- ------------------------------------------------------------- partitions

-- Whatever the date, an insert has somewhere to go.
create table partitions.messages_default partition of public.messages default;

-- Creates monthly partitions from last month to `months_ahead` ahead (the
-- worker calls it daily). Rows that already landed in the DEFAULT partition
-- for a new month are moved into it, so the new partition can be attached
-- without a constraint violation. Months are UTC months (like usage_daily's
-- days): the bounds are date literals read in the session time zone.
create or replace function private.ensure_message_partitions(months_ahead int default 3)
returns int language plpgsql security definer set search_path = '' set timezone = 'UTC' as $$
declare
  m date;
  m_next date;
  part text;
  created int := 0;
begin
  for m in
    select generate_series(date_trunc('month', now() - interval '1 month'),
                           date_trunc('month', now()) + make_interval(months => months_ahead),
                           interval '1 month')::date
  loop
    part := format('messages_%s', to_char(m, 'YYYY_MM'));
    continue when to_regclass(format('partitions.%I', part)) is not null;
    m_next := (m + interval '1 month')::date;
    execute format('create table partitions.%I (like public.messages including defaults including constraints)', part);
    execute format(
      'with moved as (delete from partitions.messages_default where created_at >= %L and created_at < %L returning *)
       insert into partitions.%I select * from moved', m, m_next, part);
    execute format('alter table public.messages attach partition partitions.%I for values from (%L) to (%L)',
      part, m, m_next);
    created := created + 1;
  end loop;
  return created;
end
$$;
revoke all on function private.ensure_message_partitions(int) from public;
grant execute on function private.ensure_message_partitions(int) to service_role;
select private.ensure_message_partitions(3);

-- Privileges and policies are the parent's: partitions are reachable only through it.
revoke all on public.messages from anon, authenticated;
grant select on public.messages to authenticated;
-- A member inserts exactly what the chat path inserts as them (begin_chat_turn
-- is security invoker): no usage, latency, error, id or created_at (a backdated
-- row would move a past day's usage, a future one pin the conversation on top).
grant insert (workspace_id, conversation_id, role, parts, model, agent_id, agent_version, status, created_by)
  on public.messages to authenticated;
-- A reply's output and usage are written by the server only; a member may only
-- stop a reply (status, and only to 'stopped', by the policy below). No DELETE
-- for users: a conversation's tail goes through truncate_conversation(), the
-- rest goes with its conversation.
grant update (status) on public.messages to authenticated;
grant all on public.messages to service_role;
grant all on all tables in schema partitions to service_role;

alter table public.messages enable row level security;
alter table public.messages force row level security;

-- `= any(array(...))` rather than `in (select ...)` on the partitioned table:
-- the IN form becomes a hashed SubPlan built again in every partition's scan,
-- the array is one InitPlan per statement, and it is an index condition too.
create policy messages_select on public.messages for select to authenticated
  using (workspace_id = any (array(select private.my_workspace_ids('viewer'))));
-- Two row shapes only: the member's own text message, and the reply's empty
-- 'streaming' placeholder in no one's name. The reply's output and usage are
-- the service path's (lib/chat/persist.ts). The usage checks repeat the column
-- grants, so a later grant cannot reopen the hole by itself.
create policy messages_insert on public.messages for insert to authenticated
  with check (
    workspace_id = any (array(select private.my_workspace_ids('member')))
    and input_tokens = 0 and output_tokens = 0 and cost = 0
    and latency_first_token_ms is null and latency_total_ms is null and error is null
    and (
      (role = 'user' and status = 'complete' and model is null and agent_version is null
        and (created_by is null or created_by = (select auth.uid()))
        -- Every element an object with type "text" and a string text: strict mode makes
        -- anything else an error inside the filter, so it is not kept and the counts differ.
        and pg_catalog.jsonb_typeof(parts) = 'array'
        and pg_catalog.jsonb_array_length(parts) = pg_catalog.jsonb_array_length(pg_catalog.jsonb_path_query_array(
          parts, 'strict $[*] ? (@.type == "text" && @.text.type() == "string")')))
      or (role = 'assistant' and status = 'streaming' and parts = '[]'::jsonb and created_by is null)
    ));
create policy messages_update on public.messages for update to authenticated
  using (workspace_id = any (array(select private.my_workspace_ids('member'))))
  with check (workspace_id = any (array(select private.my_workspace_ids('member'))) and status = 'stopped');

-- --------------------------------------------------------- live updates

-- One channel, ids only. Subscribers re-read through RLS, so the notification
-- itself never carries content a listener could not see.
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

-- ----------------------------------------------------------- chat functions

-- Finds the conversation for (inbox, external ref) or starts one; as the
-- caller, so RLS decides whether either is allowed.
create or replace function public.get_or_create_conversation(
  p_workspace uuid, p_inbox uuid, p_agent uuid, p_external_ref text default null,
  p_contact_name text default null
) returns public.conversations
language plpgsql set search_path = '' as $$
declare
  conv public.conversations;
begin
  if p_external_ref is not null then
    select * into conv from public.conversations
    where workspace_id = p_workspace and inbox_id = p_inbox and external_ref = p_external_ref;
    if found then return conv; end if;
  end if;
  insert into public.conversations (workspace_id, inbox_id, agent_id, external_ref, contact_name, created_by)
  values (p_workspace, p_inbox, p_agent, p_external_ref, p_contact_name, (select auth.uid()))
  on conflict (inbox_id, external_ref) where external_ref is not null do nothing
  returning * into conv;
  if conv.id is null then
    select * into conv from public.conversations
    where workspace_id = p_workspace and inbox_id = p_inbox and external_ref = p_external_ref;
  end if;
  return conv;
end
$$;

-- Regenerate and edit drop the tail of a conversation, moving the counter back
-- so message_index stays gapless. Everyone's view of it changes, so only the
-- person who started it (or an admin) may; `authenticated` has no DELETE on
-- messages at all. Every truncation that removed something is audited.
create or replace function public.truncate_conversation(p_conversation uuid, p_from_index int)
returns int
language plpgsql security definer set search_path = '' as $$
declare
  conv record;
  removed int;
begin
  select c.workspace_id, c.created_by, c.title into conv from public.conversations c
  where c.id = p_conversation
    and c.workspace_id in (select private.my_workspace_ids('member'))
  for update;
  if not found then
    raise exception 'conversation not found' using errcode = 'P0002';
  end if;
  if p_from_index is null or p_from_index < 1 then
    raise exception 'from_index must be at least 1' using errcode = '22023';
  end if;
  if conv.created_by is distinct from (select auth.uid())
     and not private.has_role(conv.workspace_id, 'admin') then
    raise exception 'only the person who started this conversation, or an admin, can rewrite it'
      using errcode = '42501', hint = 'conversation_rewrite_forbidden';
  end if;
  delete from public.messages m
  where m.workspace_id = conv.workspace_id and m.conversation_id = p_conversation
    and m.message_index >= p_from_index;
  get diagnostics removed = row_count;
  update public.conversations
     set message_count = least(message_count, p_from_index - 1)
   where id = p_conversation;
  if removed > 0 then
    perform private.write_audit(conv.workspace_id, 'conversation.truncated', 'conversation', p_conversation::text,
      jsonb_strip_nulls(jsonb_build_object('title', conv.title, 'from_index', p_from_index, 'removed', removed)));
  end if;
  return removed;
end
$$;

-- A chat turn's setup in one statement: the agent, the conversation (found or
-- started), regenerate/edit truncation, the user's message, the assistant's
-- placeholder, the history the model sees and the agent's granted integration
-- tools. Security invoker: every statement runs under the caller's RLS and
-- column grants.
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
                 and m.message_index > last_index
                 -- A channel's notice ("I can only read text") does not answer the customer.
                 and not coalesce(m.parts -> 0 -> 'providerMetadata' -> 'switchboard' ? 'notice', false)) then
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

-- Stop: ends a reply while it is generated. The process generating it, whichever
-- it is, hears pg_notify('switchboard_chat_stop') and aborts the model call.
-- Security invoker: the update runs under the caller's RLS (member or above).
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

revoke all on function public.get_or_create_conversation(uuid, uuid, uuid, text, text),
  public.truncate_conversation(uuid, int), public.begin_chat_turn(uuid, uuid, uuid, text, int, text, text, int),
  public.stop_chat_reply(uuid, uuid, uuid) from public, anon;
grant execute on function public.get_or_create_conversation(uuid, uuid, uuid, text, text),
  public.truncate_conversation(uuid, int), public.begin_chat_turn(uuid, uuid, uuid, text, int, text, text, int),
  public.stop_chat_reply(uuid, uuid, uuid) to authenticated, service_role;
