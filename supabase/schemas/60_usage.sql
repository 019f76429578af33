-- Usage and prices: what each message cost, summed per workspace, inbox,
-- agent and day by a trigger on messages (no scan of messages to draw the
-- dashboard), rolled into months by the worker.

-- ------------------------------------------------------------ model_prices

-- null workspace: the instance-wide default price; a workspace row overrides it.
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

-- Instance-wide defaults (no workspace) are the operator's, set by migrations.
create or replace function private.audit_model_prices()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  r public.model_prices := coalesce(new, old);
begin
  if r.workspace_id is null or not exists (select 1 from public.workspaces w where w.id = r.workspace_id) then
    return null;
  end if;
  if tg_op = 'INSERT' then
    perform private.write_audit(new.workspace_id, 'model_price.created', 'model_price', new.id::text,
      jsonb_build_object('provider', new.provider, 'model', new.model,
        'input_per_million', new.input_per_million, 'output_per_million', new.output_per_million));
  elsif tg_op = 'DELETE' then
    perform private.write_audit(old.workspace_id, 'model_price.deleted', 'model_price', old.id::text,
      jsonb_build_object('provider', old.provider, 'model', old.model));
  elsif (new.input_per_million, new.output_per_million, new.provider, new.model)
        is distinct from (old.input_per_million, old.output_per_million, old.provider, old.model) then
    perform private.write_audit(new.workspace_id, 'model_price.updated', 'model_price', new.id::text,
      jsonb_build_object('provider', new.provider, 'model', new.model,
        'changes', private.audit_changes(
          jsonb_build_object('input_per_million', old.input_per_million, 'output_per_million', old.output_per_million),
          jsonb_build_object('input_per_million', new.input_per_million, 'output_per_million', new.output_per_million),
          array['input_per_million', 'output_per_million'])));
  end if;
  return null;
end
$$;
create trigger model_prices_audit after insert or update or delete on public.model_prices
  for each row execute function private.audit_model_prices();
create trigger model_prices_touch before update on public.model_prices
  for each row execute function private.touch_updated_at();

-- Admins set their workspace's prices; everyone in the workspace reads them.
revoke all on public.model_prices from anon, authenticated;
grant select on public.model_prices to authenticated;
grant insert (workspace_id, provider, model, input_per_million, output_per_million) on public.model_prices to authenticated;
grant update (input_per_million, output_per_million) on public.model_prices to authenticated;
grant delete on public.model_prices to authenticated;
grant all on public.model_prices to service_role;

alter table public.model_prices enable row level security;
alter table public.model_prices force row level security;

-- A workspace's members read the instance-wide defaults too.
create policy model_prices_select on public.model_prices for select to authenticated
  using (workspace_id is null or workspace_id in (select private.my_workspace_ids('viewer')));
create policy model_prices_insert on public.model_prices for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('admin')));
create policy model_prices_update on public.model_prices for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')))
  with check (workspace_id in (select private.my_workspace_ids('admin')));
create policy model_prices_delete on public.model_prices for delete to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));

-- ------------------------------------------------------------- usage_daily

-- Time-to-first-token histogram bucket upper bounds (ms); the last bucket is open.
create or replace function private.ttft_bounds() returns int[]
language sql immutable set search_path = '' as $$
  select array[100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10000, 20000, 60000]
$$;

create or replace function private.ttft_bucket(ms int) returns int
language sql immutable set search_path = '' as $$
  select coalesce((select min(i) from generate_subscripts(private.ttft_bounds(), 1) i
                   where ms <= (private.ttft_bounds())[i]), 15)
$$;

-- Each (workspace, day, inbox, agent) is split into up to 16 shards chosen by
-- the conversation: with one row per key, concurrent writers in one busy
-- workspace queued on its row lock. One conversation's writes still meet on
-- one row. Readers sum over the shards.
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
  shard smallint not null default 0 check (shard between 0 and 15),
  constraint usage_daily_key unique nulls not distinct (workspace_id, day, inbox_id, agent_id, shard)
);

-- One atomic upsert per message write: inserts count the message, updates add
-- only what changed (tokens, cost, errors, latencies once known).
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
    workspace_id, inbox_id, agent_id, day, shard, messages, user_messages, assistant_messages,
    input_tokens, output_tokens, cost, errors, latency_total_ms_sum, latency_count, ttft_histogram)
  values (
    new.workspace_id, new.inbox_id, new.agent_id, (new.created_at at time zone 'UTC')::date,
    hashtext(new.conversation_id::text) & 15,
    is_insert::int, (is_insert and new.role = 'user')::int, (is_insert and new.role = 'assistant')::int,
    d_in, d_out, d_cost, d_err,
    case when new_total then new.latency_total_ms else 0 end, new_total::int, hist)
  on conflict (workspace_id, day, inbox_id, agent_id, shard) do update set
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

-- Written by the trigger only; everyone in the workspace reads it.
revoke all on public.usage_daily from anon, authenticated;
grant select on public.usage_daily to authenticated;
grant all on public.usage_daily to service_role;

alter table public.usage_daily enable row level security;
alter table public.usage_daily force row level security;

create policy usage_daily_select on public.usage_daily for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));

-- ----------------------------------------------------------- usage_monthly

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

-- Run by the worker every 15 minutes: last month and this one, from the days.
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
revoke all on function private.refresh_usage_monthly() from public;
grant execute on function private.refresh_usage_monthly() to service_role;

revoke all on public.usage_monthly from anon, authenticated;
grant select on public.usage_monthly to authenticated;
grant all on public.usage_monthly to service_role;

alter table public.usage_monthly enable row level security;
alter table public.usage_monthly force row level security;

create policy usage_monthly_select on public.usage_monthly for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));

-- ------------------------------------------------------------------- data

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
