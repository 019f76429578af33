-- Flows (issue 13): versioned graphs of typed nodes, run durably on the worker.
--
--   flows            a workspace's flow: its editable draft graph, trigger secrets
--   flow_versions    immutable published graphs; a run records the version it ran
--   flow_triggers    what the published version listens to (webhook, schedule,
--                    event), rebuilt on publish; read by the trigger paths
--   flow_runs        one execution: status, input, output, error
--   flow_node_runs   one node's committed result within a run (the durable
--                    checkpoint: a resumed run skips every node that has one)
--   flow_approvals   human approval steps a waiting run is paused on
--   flow_schedule_ticks  one row per (trigger, tick): how several workers agree
--                    that a tick runs exactly once
--   flow_settings    per-workspace retention and concurrency
--
-- Members read and edit flows (drafts); publishing, runs, node results and
-- approvals are written by the service path (lib/flows, the worker) after it
-- has checked the caller's role, so a member holding the Data API cannot forge
-- a run's results or decide an approval in someone else's name.

-- ------------------------------------------------------------------ flows

create table public.flows (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 120),
  description text not null default '' check (char_length(description) <= 2000),
  -- {nodes: [...], edges: [...]}, validated by lib/flows/graph.ts before it is stored.
  draft jsonb not null default '{"nodes": [], "edges": []}'::jsonb
    check (jsonb_typeof(draft) = 'object' and octet_length(draft::text) <= 1000000),
  -- Bumped on every draft save: the editor's optimistic-concurrency token.
  draft_revision int not null default 1,
  published_version int,
  -- Off: triggers are ignored (manual and API runs still work).
  enabled boolean not null default true,
  -- The webhook URL's token: sha256 to find the flow, encrypted (lib/crypto) to show it again.
  webhook_token_hash text not null unique,
  webhook_token_enc text not null,
  -- Optional HMAC-SHA256 secret for the X-Signature header, encrypted; null: no signature asked.
  webhook_secret_enc text,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id)
);
create index flows_workspace_idx on public.flows (workspace_id, name);
create trigger flows_touch before update on public.flows
  for each row execute function private.touch_updated_at();

alter table public.flows enable row level security;
alter table public.flows force row level security;
create policy flows_select on public.flows for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
create policy flows_insert on public.flows for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('member')));
create policy flows_update on public.flows for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('member')))
  with check (workspace_id in (select private.my_workspace_ids('member')));
create policy flows_delete on public.flows for delete to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));
-- Token hashes and secrets are the service path's: a member's select never returns them.
grant select (id, workspace_id, name, description, draft, draft_revision, published_version, enabled,
  created_by, created_at, updated_at) on public.flows to authenticated;
grant insert (workspace_id, name, description, draft, webhook_token_hash, webhook_token_enc, created_by)
  on public.flows to authenticated;
-- The new flow's id is chosen by lib/flows: the webhook token's ciphertext is bound to it (migration 20261206000200).
grant insert (id) on public.flows to authenticated;
grant update (name, description, draft, draft_revision, enabled) on public.flows to authenticated;
grant delete on public.flows to authenticated;
grant all on public.flows to service_role;

-- ---------------------------------------------------------- flow_versions

create table public.flow_versions (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  flow_id uuid not null,
  version int not null check (version >= 1),
  graph jsonb not null check (jsonb_typeof(graph) = 'object'),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (flow_id, version),
  foreign key (workspace_id, flow_id) references public.flows (workspace_id, id) on delete cascade
);

-- Published versions never change: a run's record of what it ran stays true.
create or replace function private.flow_versions_immutable()
returns trigger language plpgsql set search_path = '' as $$
begin
  raise exception 'flow versions are immutable' using errcode = '55000';
end
$$;
create trigger flow_versions_immutable before update on public.flow_versions
  for each row execute function private.flow_versions_immutable();

alter table public.flow_versions enable row level security;
alter table public.flow_versions force row level security;
create policy flow_versions_select on public.flow_versions for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
grant select on public.flow_versions to authenticated;
grant all on public.flow_versions to service_role;

-- ---------------------------------------------------------- flow_triggers

create table public.flow_triggers (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  flow_id uuid not null,
  version int not null,
  node_id text not null,
  kind text not null check (kind in ('webhook', 'schedule', 'event')),
  -- schedule: a 5- or 6-field cron expression and an IANA time zone.
  cron text,
  timezone text,
  -- What to do with ticks missed while no worker ran: 'skip' or 'run_once'.
  missed text not null default 'skip' check (missed in ('skip', 'run_once')),
  next_tick_at timestamptz,
  -- event: its name (conversation.created, message.received, …) and a filter.
  event text,
  filter jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  unique (flow_id, node_id),
  foreign key (workspace_id, flow_id) references public.flows (workspace_id, id) on delete cascade,
  check ((kind = 'schedule') = (cron is not null and timezone is not null)),
  check ((kind = 'event') = (event is not null))
);
create index flow_triggers_due_idx on public.flow_triggers (next_tick_at) where kind = 'schedule';
create index flow_triggers_event_idx on public.flow_triggers (workspace_id, event) where kind = 'event';

alter table public.flow_triggers enable row level security;
alter table public.flow_triggers force row level security;
create policy flow_triggers_select on public.flow_triggers for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
grant select on public.flow_triggers to authenticated;
grant all on public.flow_triggers to service_role;

create table public.flow_schedule_ticks (
  trigger_id uuid not null references public.flow_triggers (id) on delete cascade,
  tick_at timestamptz not null,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  run_id uuid,
  created_at timestamptz not null default now(),
  primary key (trigger_id, tick_at)
);
alter table public.flow_schedule_ticks enable row level security;
alter table public.flow_schedule_ticks force row level security;
create policy flow_schedule_ticks_select on public.flow_schedule_ticks for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
grant select on public.flow_schedule_ticks to authenticated;
grant all on public.flow_schedule_ticks to service_role;

-- -------------------------------------------------------------- flow_runs

create table public.flow_runs (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  flow_id uuid not null,
  -- null: a test run of the draft, whose graph is then kept in `graph`.
  version int,
  graph jsonb,
  status text not null default 'queued'
    check (status in ('queued', 'running', 'waiting', 'succeeded', 'failed', 'canceled')),
  trigger text not null check (trigger in ('manual', 'webhook', 'schedule', 'event', 'api', 'mcp', 'subflow', 'retry')),
  trigger_node_id text,
  input jsonb not null default '{}'::jsonb,
  output jsonb,
  -- {code, message, nodeId?}: safe to show; causes are in the worker's log.
  error jsonb,
  -- The sender's own id for a delivery (webhook id header, event id, tick): a replay finds the run.
  dedupe_key text,
  parent_run_id uuid references public.flow_runs (id) on delete set null,
  parent_node_id text,
  -- What a respond-to-webhook node answered: {status, headers, body}.
  response jsonb,
  -- Set by cancel; the executor stops before the next node.
  cancel_requested boolean not null default false,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  deadline_at timestamptz,
  unique (workspace_id, id),
  foreign key (workspace_id, flow_id) references public.flows (workspace_id, id) on delete cascade,
  check (version is not null or graph is not null)
);
create unique index flow_runs_dedupe_idx on public.flow_runs (flow_id, dedupe_key) where dedupe_key is not null;
create index flow_runs_list_idx on public.flow_runs (workspace_id, created_at desc, id desc);
create index flow_runs_flow_idx on public.flow_runs (flow_id, created_at desc);
create index flow_runs_active_idx on public.flow_runs (workspace_id) where status in ('queued', 'running');
create index flow_runs_parent_idx on public.flow_runs (parent_run_id) where parent_run_id is not null;

alter table public.flow_runs enable row level security;
alter table public.flow_runs force row level security;
create policy flow_runs_select on public.flow_runs for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
grant select on public.flow_runs to authenticated;
grant all on public.flow_runs to service_role;

-- --------------------------------------------------------- flow_node_runs

create table public.flow_node_runs (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  run_id uuid not null,
  node_id text not null,
  -- '' for a node run once; the item index path inside loops ('3', '3.1').
  item_key text not null default '',
  status text not null check (status in ('running', 'succeeded', 'failed', 'skipped', 'waiting')),
  attempt int not null default 1,
  input jsonb,
  output jsonb,
  -- The output handle the node took (condition: 'true'/'false'; most nodes 'out').
  port text,
  error jsonb,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  duration_ms int,
  unique (run_id, node_id, item_key),
  foreign key (workspace_id, run_id) references public.flow_runs (workspace_id, id) on delete cascade
);
create index flow_node_runs_run_idx on public.flow_node_runs (run_id, started_at);

alter table public.flow_node_runs enable row level security;
alter table public.flow_node_runs force row level security;
create policy flow_node_runs_select on public.flow_node_runs for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
grant select on public.flow_node_runs to authenticated;
grant all on public.flow_node_runs to service_role;

-- --------------------------------------------------------- flow_approvals

create table public.flow_approvals (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  run_id uuid not null,
  node_id text not null,
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'expired')),
  -- The least role that may decide.
  required_role public.workspace_role not null default 'member',
  message text not null default '' check (char_length(message) <= 4000),
  -- What the decider sent along (becomes the node's output).
  payload jsonb,
  comment text check (char_length(comment) <= 4000),
  decided_by uuid references auth.users (id) on delete set null,
  decided_at timestamptz,
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  unique (run_id, node_id),
  foreign key (workspace_id, run_id) references public.flow_runs (workspace_id, id) on delete cascade
);
create index flow_approvals_pending_idx on public.flow_approvals (workspace_id, created_at desc)
  where status = 'pending';

alter table public.flow_approvals enable row level security;
alter table public.flow_approvals force row level security;
create policy flow_approvals_select on public.flow_approvals for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
grant select on public.flow_approvals to authenticated;
grant all on public.flow_approvals to service_role;

-- ---------------------------------------------------------- flow_settings

create table public.flow_settings (
  workspace_id uuid primary key references public.workspaces (id) on delete cascade,
  -- Runs (with their node results) older than this are pruned by the worker.
  run_retention_days int not null default 30 check (run_retention_days between 1 and 365),
  -- Runs executing at once; more wait in 'queued'.
  max_concurrent_runs int not null default 10 check (max_concurrent_runs between 1 and 100),
  updated_at timestamptz not null default now()
);
create trigger flow_settings_touch before update on public.flow_settings
  for each row execute function private.touch_updated_at();

alter table public.flow_settings enable row level security;
alter table public.flow_settings force row level security;
create policy flow_settings_select on public.flow_settings for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
create policy flow_settings_insert on public.flow_settings for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('admin')));
create policy flow_settings_update on public.flow_settings for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')))
  with check (workspace_id in (select private.my_workspace_ids('admin')));
grant select, insert (workspace_id, run_retention_days, max_concurrent_runs),
  update (run_retention_days, max_concurrent_runs) on public.flow_settings to authenticated;
grant all on public.flow_settings to service_role;

-- ------------------------------------------------------------------ audit

create or replace function private.audit_flows()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  r record := coalesce(new, old);
begin
  if not exists (select 1 from public.workspaces w where w.id = r.workspace_id) then
    return null;
  end if;
  if tg_op = 'INSERT' then
    perform private.write_audit(r.workspace_id, 'flow.created', 'flow', r.id::text, jsonb_build_object('name', r.name));
  elsif tg_op = 'DELETE' then
    perform private.write_audit(r.workspace_id, 'flow.deleted', 'flow', r.id::text, jsonb_build_object('name', r.name));
  elsif new.published_version is distinct from old.published_version then
    perform private.write_audit(r.workspace_id, 'flow.published', 'flow', r.id::text,
      jsonb_build_object('name', r.name, 'version', new.published_version));
  elsif new.enabled is distinct from old.enabled or new.name is distinct from old.name then
    perform private.write_audit(r.workspace_id, 'flow.updated', 'flow', r.id::text,
      jsonb_build_object('name', r.name, 'enabled', new.enabled));
  end if;
  return null;
end
$$;
revoke all on function private.audit_flows() from public, anon, authenticated;
create trigger flows_audit after insert or update of published_version, enabled, name or delete on public.flows
  for each row execute function private.audit_flows();

-- ------------------------------------------------------- live run events

-- The editor's Test run and the runs page follow a run over SSE, and a webhook
-- waiting for respond_to_webhook wakes up, from NOTIFY on `flow_runs`, with
-- ids and statuses only (a listener reads input and output through RLS).
create or replace function private.notify_flow_run()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  perform pg_notify('flow_runs', json_build_object(
    'workspaceId', new.workspace_id, 'runId', new.id, 'status', new.status,
    'responded', new.response is not null)::text);
  return null;
end
$$;
revoke all on function private.notify_flow_run() from public, anon, authenticated;
-- Not for 'running': the first node's own event says so, and every run passes through it.
create trigger flow_runs_notify after insert or update of status, response on public.flow_runs
  for each row when (new.status <> 'running' or new.response is not null)
  execute function private.notify_flow_run();

create or replace function private.notify_flow_node_run()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  perform pg_notify('flow_runs', json_build_object(
    'workspaceId', new.workspace_id, 'runId', new.run_id, 'nodeId', new.node_id,
    'itemKey', new.item_key, 'status', new.status)::text);
  return null;
end
$$;
revoke all on function private.notify_flow_node_run() from public, anon, authenticated;
create trigger flow_node_runs_notify after insert or update of status on public.flow_node_runs
  for each row execute function private.notify_flow_node_run();

-- Claims runs for execution (migration 20261206000700). Several at once (the worker batches the claims of the jobs it
-- starts together: lib/db/statement-batcher.ts), under each workspace's
-- concurrency limit: one advisory lock and one count per workspace per batch,
-- not per run. Workspaces are locked in order, so two batches cannot deadlock.
-- Per run: 'claimed' (go; also for a run already 'running', resumed after a
-- crash), 'busy' (over the limit, or claimed by someone else a moment ago:
-- try again later), 'gone', or the run's status (nothing to do).
create or replace function private.flow_claim_runs(p_runs uuid[])
returns table (run_id uuid, claim text)
language plpgsql security definer set search_path = '' as $$
declare
  r record;
  v_ws uuid;
  v_limit int;
  v_running int;
  v_claimed uuid;
begin
  for r in select f.id, f.workspace_id, f.status from public.flow_runs f
            where f.id = any(p_runs) order by f.workspace_id, f.created_at, f.id loop
    if r.status = 'running' then
      return query select r.id, 'claimed'::text;
      continue;
    end if;
    if r.status not in ('queued', 'waiting') then
      return query select r.id, r.status;
      continue;
    end if;
    if v_ws is distinct from r.workspace_id then
      v_ws := r.workspace_id;
      perform pg_advisory_xact_lock(hashtextextended(v_ws::text, 7412));
      select coalesce((select s.max_concurrent_runs from public.flow_settings s where s.workspace_id = v_ws), 10)
        into v_limit;
      select count(*) into v_running from public.flow_runs f where f.workspace_id = v_ws and f.status = 'running';
    end if;
    if v_running >= v_limit then
      return query select r.id, 'busy'::text;
      continue;
    end if;
    update public.flow_runs f set status = 'running', started_at = coalesce(f.started_at, now())
     where f.id = r.id and f.status in ('queued', 'waiting')
    returning f.id into v_claimed;
    if v_claimed is null then
      return query select r.id, 'busy'::text;
      continue;
    end if;
    v_claimed := null;
    v_running := v_running + 1;
    return query select r.id, 'claimed'::text;
  end loop;
  return query select x, 'gone'::text from unnest(p_runs) x
   where not exists (select 1 from public.flow_runs f where f.id = x);
end
$$;
revoke all on function private.flow_claim_runs(uuid[]) from public, anon, authenticated;
grant execute on function private.flow_claim_runs(uuid[]) to service_role;

-- The one-run form: the same rules.
create or replace function private.flow_claim_run(p_run uuid)
returns text language sql security definer set search_path = '' as $$
  select coalesce((select c.claim from private.flow_claim_runs(array[p_run]) c limit 1), 'gone');
$$;
revoke all on function private.flow_claim_run(uuid) from public, anon, authenticated;
grant execute on function private.flow_claim_run(uuid) to service_role;

-- ------------------------------------------------- triggers (migration 20261206000500)

-- Records runs of flows' published versions and enqueues them, once per
-- dedupe key (a replay of the same delivery returns the existing run). One
-- call records several runs (the app batches deliveries that arrive together:
-- lib/db/statement-batcher.ts), each with its trigger node's result (a trigger
-- node's output is the run's input, so the worker starts at the next node),
-- and adds all their jobs with one graphile_worker.add_jobs (keyed by run id,
-- as every reschedule is: lib/flows/engine/run-store.ts).
create or replace function private.flow_enqueue_runs(p_runs jsonb)
returns table (idx int, run_id uuid, created boolean, status text)
language plpgsql security definer set search_path = '' as $$
declare
  e record;
  v_version int;
  v_run uuid;
  -- uuid[], not job_spec[]: graphile's schema may not exist yet when this is created.
  v_jobs uuid[] := '{}';
begin
  for e in select (x.ordinality - 1)::int as i, x.value as v from jsonb_array_elements(p_runs) with ordinality x loop
    select f.published_version into v_version from public.flows f
     where f.workspace_id = (e.v ->> 'workspaceId')::uuid and f.id = (e.v ->> 'flowId')::uuid;
    if v_version is null then
      return query select e.i, null::uuid, false, 'not_published'::text;
      continue;
    end if;
    v_run := null;
    insert into public.flow_runs (workspace_id, flow_id, version, trigger, trigger_node_id, input, dedupe_key)
    values ((e.v ->> 'workspaceId')::uuid, (e.v ->> 'flowId')::uuid, v_version, e.v ->> 'trigger',
            e.v ->> 'nodeId', coalesce(e.v -> 'input', '{}'::jsonb), e.v ->> 'dedupeKey')
    on conflict (flow_id, dedupe_key) where dedupe_key is not null do nothing
    returning id into v_run;
    if v_run is null then
      return query select e.i, r.id, false, r.status from public.flow_runs r
       where r.flow_id = (e.v ->> 'flowId')::uuid and r.dedupe_key = e.v ->> 'dedupeKey';
      continue;
    end if;
    insert into public.flow_node_runs (workspace_id, run_id, node_id, item_key, status, attempt, input, output, port,
                                       started_at, finished_at, duration_ms)
    values ((e.v ->> 'workspaceId')::uuid, v_run, e.v ->> 'nodeId', '', 'succeeded', 1, null,
            coalesce(e.v -> 'input', '{}'::jsonb), 'out', now(), now(), 0);
    v_jobs := v_jobs || v_run;
    return query select e.i, v_run, true, 'queued'::text;
  end loop;
  if cardinality(v_jobs) > 0 then
    perform graphile_worker.add_jobs(array(
      select row('flow_run', json_build_object('runId', j), null, null, 10, j::text, null, null)::graphile_worker.job_spec
        from unnest(v_jobs) j));
  end if;
end
$$;
revoke all on function private.flow_enqueue_runs(jsonb) from public, anon, authenticated;
grant execute on function private.flow_enqueue_runs(jsonb) to service_role;

-- The one-run form the edge functions call: the same code path.
create or replace function private.flow_enqueue_run(
  p_workspace uuid, p_flow uuid, p_trigger text, p_trigger_node text, p_input jsonb, p_dedupe text
) returns table (run_id uuid, created boolean, status text)
language plpgsql security definer set search_path = '' as $$
declare
  r record;
begin
  select * into r from private.flow_enqueue_runs(jsonb_build_array(jsonb_build_object(
    'workspaceId', p_workspace, 'flowId', p_flow, 'trigger', p_trigger, 'nodeId', p_trigger_node,
    'input', coalesce(p_input, '{}'::jsonb), 'dedupeKey', p_dedupe))) x;
  if r.status = 'not_published' then
    raise exception 'flow is not published' using errcode = 'P0002', hint = 'flow_not_published';
  end if;
  return query select r.run_id, r.created, r.status;
end
$$;
revoke all on function private.flow_enqueue_run(uuid, uuid, text, text, jsonb, text) from public, anon, authenticated;
grant execute on function private.flow_enqueue_run(uuid, uuid, text, text, jsonb, text) to service_role;

-- The webhook ingress's look-up: the flow behind a token hash, its published
-- webhook_trigger node, and one hit on the flow's rate limit (counted only for
-- a flow that would run). One round trip, before the body is trusted.
create or replace function private.flow_webhook_target(p_token_hash text, p_rate_max int, p_rate_window int)
returns table (
  flow_id uuid, workspace_id uuid, enabled boolean, published_version int, secret_enc text,
  node_id text, node_config jsonb, rate_allowed boolean, retry_after_seconds int
)
language plpgsql security definer set search_path = '' as $$
declare
  f record;
  n jsonb;
  v_allowed boolean := true;
  v_retry int := 0;
begin
  select fl.id, fl.workspace_id, fl.enabled, fl.published_version, fl.webhook_secret_enc, v.graph
  into f
  from public.flows fl
  left join public.flow_versions v on v.flow_id = fl.id and v.version = fl.published_version
  where fl.webhook_token_hash = p_token_hash;
  if not found then
    return;
  end if;
  if f.graph is not null then
    n := jsonb_path_query_first(f.graph,
      '$.nodes[*] ? (@.type == "webhook_trigger" && (!exists(@.disabled) || @.disabled == false))');
  end if;
  if f.enabled and n is not null then
    select r.allowed, r.retry_after_seconds into v_allowed, v_retry
    from private.rate_limit_hit('flow-webhook:' || f.id::text, p_rate_window, p_rate_max) r;
  end if;
  return query select f.id, f.workspace_id, f.enabled, f.published_version, f.webhook_secret_enc,
    n ->> 'id', coalesce(n -> 'config', '{}'::jsonb), v_allowed, v_retry;
end
$$;
revoke all on function private.flow_webhook_target(text, int, int) from public, anon, authenticated;
grant execute on function private.flow_webhook_target(text, int, int) to service_role;

-- ------------------------------------------------------------- schedule

-- Due schedule triggers of enabled, published flows, locked for the caller's
-- transaction; another worker's claim skips them (and finds next_tick_at
-- advanced once this transaction commits).
create or replace function private.flow_schedule_claim(p_now timestamptz, p_limit int)
returns table (
  trigger_id uuid, workspace_id uuid, flow_id uuid, node_id text, cron text, timezone text,
  missed text, next_tick_at timestamptz
)
language plpgsql security definer set search_path = '' as $$
begin
  return query
  select t.id, t.workspace_id, t.flow_id, t.node_id, t.cron, t.timezone, t.missed, t.next_tick_at
  from public.flow_triggers t
  join public.flows f on f.id = t.flow_id and f.workspace_id = t.workspace_id
  where t.kind = 'schedule' and t.next_tick_at <= p_now
    and f.enabled and f.published_version = t.version
  order by t.next_tick_at
  limit greatest(1, least(p_limit, 500))
  for update of t skip locked;
end
$$;
revoke all on function private.flow_schedule_claim(timestamptz, int) from public, anon, authenticated;
grant execute on function private.flow_schedule_claim(timestamptz, int) to service_role;

-- Fires a claimed trigger's ticks and moves it to its next tick. p_ticks:
-- [{tickAt, input}]. Each tick is a flow_schedule_ticks row first: a tick
-- already recorded (by another worker, or before a crash) starts nothing, and
-- the run's dedupe key schedule:<trigger>:<tick iso> guards once more.
-- Returns the runs started.
create or replace function private.flow_schedule_commit(p_trigger uuid, p_ticks jsonb, p_next timestamptz)
returns table (tick_at timestamptz, run_id uuid)
language plpgsql security definer set search_path = '' as $$
declare
  t record;
  tick jsonb;
  v_at timestamptz;
  v_run uuid;
begin
  select ft.id, ft.workspace_id, ft.flow_id, ft.node_id into t from public.flow_triggers ft
  where ft.id = p_trigger and ft.kind = 'schedule';
  if not found then
    return;
  end if;
  for tick in select * from jsonb_array_elements(coalesce(p_ticks, '[]'::jsonb)) loop
    v_at := (tick ->> 'tickAt')::timestamptz;
    insert into public.flow_schedule_ticks (trigger_id, tick_at, workspace_id)
    values (t.id, v_at, t.workspace_id)
    on conflict do nothing;
    if found then
      select e.run_id into v_run from private.flow_enqueue_run(t.workspace_id, t.flow_id, 'schedule', t.node_id,
        coalesce(tick -> 'input', '{}'::jsonb),
        'schedule:' || t.id::text || ':' || to_char(v_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) e;
      update public.flow_schedule_ticks s set run_id = v_run where s.trigger_id = t.id and s.tick_at = v_at;
      tick_at := v_at;
      run_id := v_run;
      return next;
    end if;
  end loop;
  update public.flow_triggers ft set next_tick_at = p_next where ft.id = t.id;
end
$$;
revoke all on function private.flow_schedule_commit(uuid, jsonb, timestamptz) from public, anon, authenticated;
grant execute on function private.flow_schedule_commit(uuid, jsonb, timestamptz) to service_role;

-- --------------------------------------------------------------- events

-- Whether the workspace has an enabled, published event trigger for the
-- event: an index-backed EXISTS (flow_triggers_event_idx), all a chat write
-- pays when nobody listens. The trigger functions ask it before building a
-- payload.
create or replace function private.flow_event_wanted(p_workspace uuid, p_event text)
returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.flow_triggers t
    join public.flows f on f.id = t.flow_id
    where t.workspace_id = p_workspace and t.kind = 'event' and t.event = p_event
      and f.enabled and f.published_version = t.version
  ) and to_regnamespace('graphile_worker') is not null
$$;
revoke all on function private.flow_event_wanted(uuid, text) from public, anon, authenticated;
grant execute on function private.flow_event_wanted(uuid, text) to service_role;

-- Enqueues a `flow_event` job (when wanted). Filters and runs are the
-- worker's, outside the writer's transaction. Events of one transaction for
-- one key coalesce into one job (job_key, replace): a cart touched twice by
-- one call is one cart.updated.
create or replace function private.flow_emit_event(p_workspace uuid, p_event text, p_event_id text, p_payload jsonb)
returns void
language plpgsql security definer set search_path = '' as $$
begin
  if not private.flow_event_wanted(p_workspace, p_event) then
    return;
  end if;
  perform graphile_worker.add_job('flow_event',
    json_build_object('workspaceId', p_workspace, 'event', p_event, 'eventId', p_event_id,
      'payload', p_payload, 'occurredAt', now()),
    job_key => 'flow_event:' || p_event || ':' || p_event_id, max_attempts => 5);
end
$$;
revoke all on function private.flow_emit_event(uuid, text, text, jsonb) from public, anon, authenticated;
grant execute on function private.flow_emit_event(uuid, text, text, jsonb) to service_role;

create or replace function private.flow_events_conversations()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  added text;
  base jsonb := jsonb_build_object('conversationId', new.id, 'inboxId', new.inbox_id, 'agentId', new.agent_id,
    'status', new.status, 'tags', to_jsonb(new.tags), 'contactRef', new.contact_ref, 'title', new.title);
begin
  if tg_op = 'INSERT' then
    perform private.flow_emit_event(new.workspace_id, 'conversation.created', new.id::text, base);
    return null;
  end if;
  if new.tags is distinct from old.tags then
    for added in select unnest(new.tags) except select unnest(old.tags) loop
      perform private.flow_emit_event(new.workspace_id, 'conversation.tagged',
        new.id::text || ':' || added || ':' || pg_current_xact_id()::text, base || jsonb_build_object('tag', added));
    end loop;
  end if;
  if new.status = 'closed' and old.status is distinct from 'closed' then
    perform private.flow_emit_event(new.workspace_id, 'conversation.closed',
      new.id::text || ':' || pg_current_xact_id()::text, base);
  end if;
  return null;
end
$$;
revoke all on function private.flow_events_conversations() from public, anon, authenticated;
create trigger flow_events_created after insert on public.conversations
  for each row execute function private.flow_events_conversations();
create trigger flow_events_changed after update of tags, status on public.conversations
  for each row when (new.tags is distinct from old.tags or new.status is distinct from old.status)
  execute function private.flow_events_conversations();

create or replace function private.flow_events_messages()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  -- Checked first: the payload (a look-up and the text) is built only when someone listens.
  if not private.flow_event_wanted(new.workspace_id, 'message.received') then
    return null;
  end if;
  perform private.flow_emit_event(new.workspace_id, 'message.received', new.id::text,
    jsonb_build_object('messageId', new.id, 'conversationId', new.conversation_id, 'inboxId', new.inbox_id,
      'agentId', (select c.agent_id from public.conversations c where c.id = new.conversation_id),
      'text', left(coalesce((select string_agg(p ->> 'text', '') from jsonb_array_elements(new.parts) p
        where p ->> 'type' = 'text'), ''), 20000)));
  return null;
end
$$;
revoke all on function private.flow_events_messages() from public, anon, authenticated;
create trigger flow_events_message_received after insert on public.messages
  for each row when (new.role = 'user')
  execute function private.flow_events_messages();

create or replace function private.flow_events_carts()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if not private.flow_event_wanted(new.workspace_id, 'cart.updated') then
    return null;
  end if;
  perform private.flow_emit_event(new.workspace_id, 'cart.updated', new.id::text || ':' || pg_current_xact_id()::text,
    jsonb_build_object('cartId', new.id, 'conversationId', new.conversation_id, 'currency', new.currency,
      'inboxId', (select c.inbox_id from public.conversations c where c.id = new.conversation_id),
      'agentId', (select c.agent_id from public.conversations c where c.id = new.conversation_id)));
  return null;
end
$$;
revoke all on function private.flow_events_carts() from public, anon, authenticated;
create trigger flow_events_cart_updated after insert or update on public.carts
  for each row execute function private.flow_events_carts();

-- A run that failed. Not for runs started by a run.failed event themselves:
-- a flow that fails on failures would otherwise feed itself forever.
create or replace function private.flow_events_runs()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if new.trigger = 'event' and new.input ->> 'event' = 'run.failed' then
    return null;
  end if;
  perform private.flow_emit_event(new.workspace_id, 'run.failed', new.id::text,
    jsonb_build_object('runId', new.id, 'flowId', new.flow_id, 'version', new.version, 'trigger', new.trigger,
      'error', new.error));
  return null;
end
$$;
revoke all on function private.flow_events_runs() from public, anon, authenticated;
create trigger flow_events_run_failed after update of status on public.flow_runs
  for each row when (new.status = 'failed' and old.status is distinct from 'failed')
  execute function private.flow_events_runs();
