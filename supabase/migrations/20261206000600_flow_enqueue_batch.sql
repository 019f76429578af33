-- Triggered runs recorded and enqueued in batches (bench/flows.bench.ts: the
-- database was the limit at ~5 ms of CPU per execution, a third of it in
-- enqueueing). One call records several runs, each with its trigger node's
-- result (a trigger node's output is the run's input, so it is committed with
-- the run and the worker starts at the next node), and adds all their jobs
-- with one graphile_worker.add_jobs: one round trip, one commit. Each job
-- keeps the run id as its key, as every reschedule does (lib/flows/engine/run-store.ts).
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
