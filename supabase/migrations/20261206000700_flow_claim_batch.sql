-- Claims several runs at once (the worker batches the claims of the jobs it
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
