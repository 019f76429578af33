-- Flow triggers (issue 13): the SQL both trigger paths call — the Node app and
-- worker, and the Supabase edge functions (supabase/functions/) — so "find the
-- webhook's flow", "record a run and enqueue it", "claim a schedule tick" and
-- "emit an event" have one implementation.
--
-- Runs are enqueued as graphile-worker `flow_run {runId}` jobs (job_key = the
-- run id), the engine's job. graphile_worker's schema is created by the worker
-- at start-up, not by these migrations: plpgsql binds it late, and the event
-- path checks it exists so a chat write never fails on a fresh install.

-- Records a run of a flow's published version and enqueues it, once per
-- dedupe key: a replay of the same delivery returns the existing run.
create or replace function private.flow_enqueue_run(
  p_workspace uuid, p_flow uuid, p_trigger text, p_trigger_node text, p_input jsonb, p_dedupe text
) returns table (run_id uuid, created boolean, status text)
language plpgsql security definer set search_path = '' as $$
declare
  v_version int;
  v_run uuid;
begin
  select f.published_version into v_version from public.flows f
  where f.workspace_id = p_workspace and f.id = p_flow;
  if v_version is null then
    raise exception 'flow is not published' using errcode = 'P0002', hint = 'flow_not_published';
  end if;
  insert into public.flow_runs (workspace_id, flow_id, version, trigger, trigger_node_id, input, dedupe_key)
  values (p_workspace, p_flow, v_version, p_trigger, p_trigger_node, coalesce(p_input, '{}'::jsonb), p_dedupe)
  on conflict (flow_id, dedupe_key) where dedupe_key is not null do nothing
  returning id into v_run;
  if v_run is not null then
    perform graphile_worker.add_job('flow_run', json_build_object('runId', v_run),
      job_key => v_run::text, max_attempts => 5);
    return query select v_run, true, 'queued'::text;
    return;
  end if;
  return query select r.id, false, r.status from public.flow_runs r
  where r.flow_id = p_flow and r.dedupe_key = p_dedupe;
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
