-- The flow engine's live events: the editor's Test run and the runs page
-- follow a run over SSE, and a webhook waiting for respond_to_webhook wakes
-- up, from NOTIFY on one channel, `flow_runs`, with ids and statuses only
-- (never input or output: a listener reads those through RLS).

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

-- Claims a run for execution under the workspace's concurrency limit
-- (flow_settings.max_concurrent_runs, 10 without a row). The advisory lock
-- makes "count the running ones, then start one" atomic per workspace across
-- worker processes. 'claimed': go; 'busy': over the limit, try again later;
-- anything else: the run's status (nothing to do) or 'gone'.
create or replace function private.flow_claim_run(p_run uuid)
returns text language plpgsql security definer set search_path = '' as $$
declare
  r record;
  v_limit int;
  v_running int;
begin
  select id, workspace_id, status into r from public.flow_runs where id = p_run;
  if not found then
    return 'gone';
  end if;
  if r.status = 'running' then
    return 'claimed'; -- resumed after a crash: it still holds its slot
  end if;
  if r.status not in ('queued', 'waiting') then
    return r.status;
  end if;
  perform pg_advisory_xact_lock(hashtextextended(r.workspace_id::text, 7412));
  select coalesce((select s.max_concurrent_runs from public.flow_settings s where s.workspace_id = r.workspace_id), 10)
    into v_limit;
  select count(*) into v_running from public.flow_runs f where f.workspace_id = r.workspace_id and f.status = 'running';
  if v_running >= v_limit then
    return 'busy';
  end if;
  update public.flow_runs set status = 'running', started_at = coalesce(started_at, now())
   where id = p_run and status in ('queued', 'waiting');
  return 'claimed';
end
$$;
revoke all on function private.flow_claim_run(uuid) from public, anon, authenticated;
grant execute on function private.flow_claim_run(uuid) to service_role;
