-- Agents and chat: provider connections, agents with immutable versions,
-- inboxes, conversations, month-partitioned messages with a gapless
-- per-conversation index, and trigger-maintained usage (DOM360 seed).

create type public.channel_kind as enum ('web', 'api', 'chatwoot', 'whatsapp', 'widget');
create type public.agent_type as enum ('sdr', 'copilot', 'support', 'custom');
create type public.provider_kind as enum ('openai', 'anthropic', 'google', 'openai_compatible');
create type public.conversation_status as enum ('open', 'closed');
create type public.message_role as enum ('user', 'assistant', 'system', 'tool');
create type public.message_status as enum ('pending', 'streaming', 'complete', 'error');

-- Partitions live outside `public`: nothing exposed can address them directly,
-- so the parent's policies are the only way in.
create schema if not exists partitions;
revoke all on schema partitions from public;

-- ---------------------------------------------------------------- tables

create table public.provider_connections (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  provider public.provider_kind not null,
  name text not null check (char_length(btrim(name)) between 1 and 80),
  base_url text check (char_length(base_url) <= 2048),
  models text[] not null default '{}' check (cardinality(models) <= 200),
  -- AES-256-GCM envelope "v1:<key id>:<iv>:<tag>:<ciphertext>", written by the app.
  api_key_ciphertext text,
  api_key_hint text check (char_length(api_key_hint) <= 16),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, name),
  unique (workspace_id, id) -- target of the same-workspace foreign key from agents
);
create index provider_connections_workspace_idx on public.provider_connections (workspace_id);

create table public.agents (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 80),
  avatar text check (char_length(avatar) <= 2048),
  description text not null default '' check (char_length(description) <= 500),
  type public.agent_type not null default 'custom',
  instructions text not null default '' check (char_length(instructions) <= 20000),
  provider_connection_id uuid,
  model text check (char_length(model) <= 200),
  temperature real not null default 0.7 check (temperature between 0 and 2),
  max_steps int not null default 5 check (max_steps between 1 and 20),
  tools text[] not null default '{}' check (cardinality(tools) <= 50),
  rag_enabled boolean not null default false,
  rag_top_k int not null default 5 check (rag_top_k between 1 and 50),
  external_endpoint_url text check (char_length(external_endpoint_url) <= 2048),
  external_timeout_ms int not null default 30000 check (external_timeout_ms between 1000 and 120000),
  version int not null default 1,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id),
  -- Foreign keys carry workspace_id so a row can only point at rows of its own
  -- workspace: the check runs as the table owner, past RLS, so a plain (id)
  -- key would let a member of A attach B's provider connection (and its key).
  foreign key (workspace_id, provider_connection_id)
    references public.provider_connections (workspace_id, id) on delete set null (provider_connection_id)
);
create index agents_workspace_idx on public.agents (workspace_id, name);

create table public.agent_versions (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  agent_id uuid not null,
  version int not null,
  config jsonb not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  unique (agent_id, version),
  foreign key (workspace_id, agent_id) references public.agents (workspace_id, id) on delete cascade
);
create index agent_versions_workspace_idx on public.agent_versions (workspace_id, agent_id, version desc);

create table public.inboxes (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 80),
  channel public.channel_kind not null,
  created_at timestamptz not null default now(),
  unique (workspace_id, id) -- target of the same-workspace foreign key from conversations
);
create index inboxes_workspace_idx on public.inboxes (workspace_id);
create unique index inboxes_one_web_idx on public.inboxes (workspace_id) where channel = 'web';

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
  foreign key (workspace_id, inbox_id) references public.inboxes (workspace_id, id) on delete cascade,
  foreign key (workspace_id, agent_id) references public.agents (workspace_id, id) on delete set null (agent_id)
);
create index conversations_recent_idx on public.conversations (workspace_id, last_message_at desc nulls last, id);
create index conversations_agent_idx on public.conversations (workspace_id, agent_id, last_message_at desc);
create index conversations_tags_idx on public.conversations using gin (tags);
create unique index conversations_external_idx on public.conversations (inbox_id, external_ref)
  where external_ref is not null;

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
  primary key (id, created_at)
) partition by range (created_at);
create index messages_conversation_idx on public.messages (workspace_id, conversation_id, message_index desc);
create index messages_time_idx on public.messages (workspace_id, created_at desc);
create index messages_parts_idx on public.messages using gin (parts jsonb_path_ops);

-- Whatever the date, an insert has somewhere to go.
create table partitions.messages_default partition of public.messages default;

create table public.model_prices (
  id uuid primary key default gen_random_uuid(),
  -- null: the instance-wide default; a workspace row overrides it.
  workspace_id uuid references public.workspaces (id) on delete cascade,
  provider text not null check (char_length(provider) <= 40),
  model text not null check (char_length(model) <= 200),
  input_per_million numeric(12, 4) not null check (input_per_million >= 0),
  output_per_million numeric(12, 4) not null check (output_per_million >= 0),
  updated_at timestamptz not null default now(),
  unique nulls not distinct (workspace_id, provider, model)
);

-- Time-to-first-token histogram bucket upper bounds (ms); the last bucket is open.
create or replace function private.ttft_bounds() returns int[]
language sql immutable as $$
  select array[100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10000, 20000, 60000]
$$;

create table public.usage_daily (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  inbox_id uuid,
  agent_id uuid,
  day date not null,
  messages int not null default 0,
  user_messages int not null default 0,
  assistant_messages int not null default 0,
  input_tokens bigint not null default 0,
  output_tokens bigint not null default 0,
  cost numeric(16, 6) not null default 0,
  errors int not null default 0,
  latency_total_ms_sum bigint not null default 0,
  latency_count int not null default 0,
  ttft_histogram int[] not null default array_fill(0, array[15]),
  unique nulls not distinct (workspace_id, day, inbox_id, agent_id)
);

create table public.usage_monthly (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  month date not null,
  messages bigint not null,
  input_tokens bigint not null,
  output_tokens bigint not null,
  cost numeric(18, 6) not null,
  errors bigint not null,
  refreshed_at timestamptz not null default now(),
  primary key (workspace_id, month)
);

-- ---------------------------------------------------------------- triggers

create trigger provider_connections_touch before update on public.provider_connections
  for each row execute function private.touch_updated_at();
create trigger conversations_touch before update on public.conversations
  for each row execute function private.touch_updated_at();

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
insert into public.inboxes (workspace_id, name, channel)
  select id, 'Web chat', 'web' from public.workspaces on conflict do nothing;

-- Each saved change of an agent's configuration is a new, immutable version.
create or replace function private.agent_config(a public.agents) returns jsonb
language sql immutable as $$
  select jsonb_build_object(
    'name', a.name, 'avatar', a.avatar, 'description', a.description, 'type', a.type,
    'instructions', a.instructions, 'provider_connection_id', a.provider_connection_id,
    'model', a.model, 'temperature', a.temperature, 'max_steps', a.max_steps, 'tools', a.tools,
    'rag_enabled', a.rag_enabled, 'rag_top_k', a.rag_top_k,
    'external_endpoint_url', a.external_endpoint_url, 'external_timeout_ms', a.external_timeout_ms)
$$;

create or replace function private.agent_bump_version()
returns trigger language plpgsql as $$
begin
  if private.agent_config(new) is distinct from private.agent_config(old) then
    new.version := old.version + 1;
    new.updated_at := now();
  else
    new.version := old.version;
  end if;
  return new;
end
$$;
create trigger agents_bump_version before update on public.agents
  for each row execute function private.agent_bump_version();

create or replace function private.agent_record_version()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' or new.version <> old.version then
    insert into public.agent_versions (workspace_id, agent_id, version, config, created_by)
    values (new.workspace_id, new.id, new.version, private.agent_config(new), (select auth.uid()));
  end if;
  return null;
end
$$;
create trigger agents_record_version after insert or update on public.agents
  for each row execute function private.agent_record_version();

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
returns trigger language plpgsql as $$
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

create or replace function private.ttft_bucket(ms int) returns int
language sql immutable as $$
  select coalesce((select min(i) from generate_subscripts(private.ttft_bounds(), 1) i
                   where ms <= (private.ttft_bounds())[i]), 15)
$$;

-- Usage per workspace/inbox/agent/day, kept by one atomic upsert per message
-- write: inserts count the message, updates add only what changed.
create or replace function private.account_usage()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  is_insert boolean := tg_op = 'INSERT';
  d_in bigint := new.input_tokens - case when is_insert then 0 else old.input_tokens end;
  d_out bigint := new.output_tokens - case when is_insert then 0 else old.output_tokens end;
  d_cost numeric := new.cost - case when is_insert then 0 else old.cost end;
  d_err int := (new.status = 'error')::int - case when is_insert then 0 else (old.status = 'error')::int end;
  new_total boolean := new.latency_total_ms is not null and (is_insert or old.latency_total_ms is null);
  new_ttft boolean := new.latency_first_token_ms is not null and (is_insert or old.latency_first_token_ms is null);
  hist int[] := array_fill(0, array[15]);
begin
  if not is_insert and d_in = 0 and d_out = 0 and d_cost = 0 and d_err = 0 and not new_total and not new_ttft then
    return null;
  end if;
  if new_ttft then
    hist[private.ttft_bucket(new.latency_first_token_ms)] := 1;
  end if;
  insert into public.usage_daily as u (
    workspace_id, inbox_id, agent_id, day, messages, user_messages, assistant_messages,
    input_tokens, output_tokens, cost, errors, latency_total_ms_sum, latency_count, ttft_histogram)
  values (
    new.workspace_id, new.inbox_id, new.agent_id, (new.created_at at time zone 'UTC')::date,
    is_insert::int, (is_insert and new.role = 'user')::int, (is_insert and new.role = 'assistant')::int,
    d_in, d_out, d_cost, d_err,
    case when new_total then new.latency_total_ms else 0 end, new_total::int, hist)
  on conflict (workspace_id, day, inbox_id, agent_id) do update set
    messages = u.messages + excluded.messages,
    user_messages = u.user_messages + excluded.user_messages,
    assistant_messages = u.assistant_messages + excluded.assistant_messages,
    input_tokens = u.input_tokens + excluded.input_tokens,
    output_tokens = u.output_tokens + excluded.output_tokens,
    cost = u.cost + excluded.cost,
    errors = u.errors + excluded.errors,
    latency_total_ms_sum = u.latency_total_ms_sum + excluded.latency_total_ms_sum,
    latency_count = u.latency_count + excluded.latency_count,
    ttft_histogram = case when new_ttft
      then (select array_agg(a + b order by i) from unnest(u.ttft_histogram, excluded.ttft_histogram)
              with ordinality as t(a, b, i))
      else u.ttft_histogram end;
  return null;
end
$$;
create trigger messages_account_usage after insert or update on public.messages
  for each row execute function private.account_usage();

-- ------------------------------------------------------------ maintenance

-- Creates monthly partitions from last month to `months_ahead` ahead. Rows that
-- already landed in the DEFAULT partition for a new month are moved into it,
-- so the new partition can be attached without a constraint violation.
-- Months are UTC months (like usage_daily's days): the bounds are date literals
-- read in the session time zone, so a caller outside UTC would otherwise create
-- a month that overlaps (east of UTC: the attach fails) or leaves a gap.
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
select private.ensure_message_partitions(3);

create or replace function private.refresh_usage_monthly()
returns int language sql security definer set search_path = '' as $$
  with totals as (
    select workspace_id, date_trunc('month', day)::date as month, sum(messages) as messages,
           sum(input_tokens) as input_tokens, sum(output_tokens) as output_tokens,
           sum(cost) as cost, sum(errors) as errors
    from public.usage_daily
    where day >= date_trunc('month', now() - interval '1 month')
    group by 1, 2
  ), upserted as (
    insert into public.usage_monthly as u (workspace_id, month, messages, input_tokens, output_tokens, cost, errors, refreshed_at)
    select workspace_id, month, messages, input_tokens, output_tokens, cost, errors, now() from totals
    on conflict (workspace_id, month) do update set
      messages = excluded.messages, input_tokens = excluded.input_tokens,
      output_tokens = excluded.output_tokens, cost = excluded.cost, errors = excluded.errors,
      refreshed_at = now()
    returning 1
  )
  select count(*)::int from upserted
$$;

-- ------------------------------------------------------------- functions

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

revoke all on function private.ensure_message_partitions(int), private.refresh_usage_monthly() from public;
grant execute on function private.ensure_message_partitions(int), private.refresh_usage_monthly() to service_role;
revoke all on function public.get_or_create_conversation(uuid, uuid, uuid, text, text) from public, anon;
grant execute on function public.get_or_create_conversation(uuid, uuid, uuid, text, text) to authenticated, service_role;

-- ------------------------------------------------------------ privileges

revoke all on public.provider_connections, public.agents, public.agent_versions, public.inboxes,
  public.conversations, public.messages, public.model_prices, public.usage_daily, public.usage_monthly
  from anon, authenticated;

-- The encrypted key is readable only on the service path.
grant select (id, workspace_id, provider, name, base_url, models, api_key_hint, created_by, created_at, updated_at)
  on public.provider_connections to authenticated;
grant insert (workspace_id, provider, name, base_url, models, api_key_ciphertext, api_key_hint, created_by)
  on public.provider_connections to authenticated;
grant update (name, base_url, models, api_key_ciphertext, api_key_hint) on public.provider_connections to authenticated;
grant delete on public.provider_connections to authenticated;

grant select, delete on public.agents to authenticated;
grant insert (workspace_id, name, avatar, description, type, instructions, provider_connection_id, model,
  temperature, max_steps, tools, rag_enabled, rag_top_k, external_endpoint_url, external_timeout_ms, created_by)
  on public.agents to authenticated;
grant update (name, avatar, description, type, instructions, provider_connection_id, model, temperature,
  max_steps, tools, rag_enabled, rag_top_k, external_endpoint_url, external_timeout_ms)
  on public.agents to authenticated;
grant select on public.agent_versions to authenticated;
grant select on public.inboxes to authenticated;
grant insert (workspace_id, name, channel) on public.inboxes to authenticated;
grant update (name) on public.inboxes to authenticated;
grant delete on public.inboxes to authenticated;
grant select, delete on public.conversations to authenticated;
grant insert (workspace_id, inbox_id, agent_id, contact_ref, contact_name, external_ref, title, status, tags, created_by)
  on public.conversations to authenticated;
grant update (agent_id, title, status, tags, contact_name) on public.conversations to authenticated;
grant select on public.messages to authenticated;
grant insert (id, workspace_id, conversation_id, role, parts, model, agent_id, agent_version, input_tokens,
  output_tokens, cost, latency_first_token_ms, latency_total_ms, status, error, created_by, created_at)
  on public.messages to authenticated;
grant update (parts, model, input_tokens, output_tokens, cost, latency_first_token_ms, latency_total_ms, status, error)
  on public.messages to authenticated;
grant select on public.model_prices to authenticated;
grant insert (workspace_id, provider, model, input_per_million, output_per_million) on public.model_prices to authenticated;
grant update (input_per_million, output_per_million) on public.model_prices to authenticated;
grant delete on public.model_prices to authenticated;
grant select on public.usage_daily, public.usage_monthly to authenticated;

grant all on public.provider_connections, public.agents, public.agent_versions, public.inboxes,
  public.conversations, public.messages, public.model_prices, public.usage_daily, public.usage_monthly
  to service_role;
-- Versions are immutable, on the service path too; they go only with their agent
-- (the cascade runs as the table owner, so it still works).
revoke update, delete, truncate on public.agent_versions from service_role;
grant usage on schema partitions to service_role;
grant all on all tables in schema partitions to service_role;
-- ...and on the partitions ensure_message_partitions() creates later (as this role).
alter default privileges in schema partitions grant all on tables to service_role;
grant usage on type public.channel_kind, public.agent_type, public.provider_kind, public.conversation_status,
  public.message_role, public.message_status to authenticated, service_role;

-- --------------------------------------------------------------- policies

alter table public.provider_connections enable row level security;
alter table public.provider_connections force row level security;
alter table public.agents enable row level security;
alter table public.agents force row level security;
alter table public.agent_versions enable row level security;
alter table public.agent_versions force row level security;
alter table public.inboxes enable row level security;
alter table public.inboxes force row level security;
alter table public.conversations enable row level security;
alter table public.conversations force row level security;
alter table public.messages enable row level security;
alter table public.messages force row level security;
alter table public.model_prices enable row level security;
alter table public.model_prices force row level security;
alter table public.usage_daily enable row level security;
alter table public.usage_daily force row level security;
alter table public.usage_monthly enable row level security;
alter table public.usage_monthly force row level security;

create policy provider_connections_select on public.provider_connections for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
-- created_by, where a table has it, is the caller or empty: no one writes rows in another's name.
create policy provider_connections_insert on public.provider_connections for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('admin'))
    and (created_by is null or created_by = (select auth.uid())));
create policy provider_connections_update on public.provider_connections for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')))
  with check (workspace_id in (select private.my_workspace_ids('admin')));
create policy provider_connections_delete on public.provider_connections for delete to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));

create policy agents_select on public.agents for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
create policy agents_insert on public.agents for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('member'))
    and (created_by is null or created_by = (select auth.uid())));
create policy agents_update on public.agents for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('member')))
  with check (workspace_id in (select private.my_workspace_ids('member')));
create policy agents_delete on public.agents for delete to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));

create policy agent_versions_select on public.agent_versions for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));

create policy inboxes_select on public.inboxes for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
create policy inboxes_insert on public.inboxes for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('admin')));
create policy inboxes_update on public.inboxes for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')))
  with check (workspace_id in (select private.my_workspace_ids('admin')));
create policy inboxes_delete on public.inboxes for delete to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));

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

-- `= any(array(...))` rather than `in (select ...)` on the partitioned table:
-- the IN form becomes a hashed SubPlan built again in every partition's scan,
-- the array is one InitPlan per statement, and it is an index condition too.
create policy messages_select on public.messages for select to authenticated
  using (workspace_id = any (array(select private.my_workspace_ids('viewer'))));
create policy messages_insert on public.messages for insert to authenticated
  with check (workspace_id = any (array(select private.my_workspace_ids('member')))
    and (created_by is null or created_by = (select auth.uid())));
create policy messages_update on public.messages for update to authenticated
  using (workspace_id = any (array(select private.my_workspace_ids('member'))))
  with check (workspace_id = any (array(select private.my_workspace_ids('member'))));

create policy model_prices_select on public.model_prices for select to authenticated
  using (workspace_id is null or workspace_id in (select private.my_workspace_ids('viewer')));
create policy model_prices_insert on public.model_prices for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('admin')));
create policy model_prices_update on public.model_prices for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')))
  with check (workspace_id in (select private.my_workspace_ids('admin')));
create policy model_prices_delete on public.model_prices for delete to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));

create policy usage_daily_select on public.usage_daily for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
create policy usage_monthly_select on public.usage_monthly for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));

-- Instance-wide default prices (USD per 1M tokens); workspaces may override.
insert into public.model_prices (workspace_id, provider, model, input_per_million, output_per_million) values
  (null, 'openai', 'gpt-4o', 2.5, 10),
  (null, 'openai', 'gpt-4o-mini', 0.15, 0.6),
  (null, 'openai', 'gpt-4.1', 2, 8),
  (null, 'openai', 'gpt-4.1-mini', 0.4, 1.6),
  (null, 'anthropic', 'claude-sonnet-4-5', 3, 15),
  (null, 'anthropic', 'claude-haiku-4-5', 1, 5),
  (null, 'google', 'gemini-2.5-flash', 0.3, 2.5),
  (null, 'google', 'gemini-2.5-pro', 1.25, 10),
  (null, 'offline', 'offline-demo', 0, 0);
