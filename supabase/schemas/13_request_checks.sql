-- What the server checks before a workspace request's handler runs: rate
-- limits, and session + membership + rate limit as ONE autocommit statement
-- (it was three round trips). Both are security definer and executable by the
-- server (service_role) only.

-- Fixed-window counters for rate limits, shared by every app process. Unlogged:
-- losing them in a crash only resets the windows.
create unlogged table private.rate_limits (
  key text primary key,
  window_start timestamptz not null,
  hits integer not null
);
grant select, delete on private.rate_limits to service_role; -- pruned by the worker

create or replace function private.rate_limit_hit(p_key text, p_window_seconds int, p_max int)
returns table (allowed boolean, hits int, retry_after_seconds int)
language plpgsql security definer set search_path = '' as $$
declare
  now_ts timestamptz := clock_timestamp();
  row_hits int;
  row_start timestamptz;
begin
  insert into private.rate_limits as r (key, window_start, hits)
  values (p_key, now_ts, 1)
  on conflict (key) do update set
    hits = case when r.window_start + make_interval(secs => p_window_seconds) <= now_ts then 1 else r.hits + 1 end,
    window_start = case when r.window_start + make_interval(secs => p_window_seconds) <= now_ts then now_ts else r.window_start end
  returning r.hits, r.window_start into row_hits, row_start;
  return query select row_hits <= p_max, row_hits,
    greatest(0, ceil(extract(epoch from row_start + make_interval(secs => p_window_seconds) - now_ts))::int);
end
$$;
revoke all on function private.rate_limit_hit(text, int, int) from public;
grant execute on function private.rate_limit_hit(text, int, int) to service_role;

-- outcome: 'ok', 'unauthorized' (session revoked or not this user's),
-- 'not_found' (no such workspace, or not a member: indistinguishable on purpose),
-- 'rate_limited' (with retry_after_seconds). p_session null: nothing to check
-- (the auth provider verified the session itself). p_rl_key null: no limit.
-- A signed-out or foreign caller never spends the member's rate-limit budget.
create or replace function private.authorize_workspace_request(
  p_session uuid,
  p_user uuid,
  p_slug text,
  p_rl_key text,
  p_rl_window_seconds int,
  p_rl_max int
)
returns table (
  outcome text,
  workspace_id uuid,
  slug text,
  name text,
  plan text,
  created_at timestamptz,
  role public.workspace_role,
  retry_after_seconds int
)
language plpgsql security definer set search_path = '' as $$
declare
  m record;
  hit record;
begin
  if p_session is not null and not exists (
    select 1 from public.auth_sessions s
    where s.id = p_session and s.user_id = p_user and s.revoked_at is null
  ) then
    return query select 'unauthorized'::text, null::uuid, null::text, null::text, null::text,
      null::timestamptz, null::public.workspace_role, 0;
    return;
  end if;
  select w.id, w.slug, w.name, w.plan, w.created_at, wm.role into m
  from public.workspaces w
  join public.workspace_members wm on wm.workspace_id = w.id
  where w.slug = p_slug and wm.user_id = p_user;
  if not found then
    return query select 'not_found'::text, null::uuid, null::text, null::text, null::text,
      null::timestamptz, null::public.workspace_role, 0;
    return;
  end if;
  if p_rl_key is not null then
    select * into hit from private.rate_limit_hit(p_rl_key, p_rl_window_seconds, p_rl_max);
    if not hit.allowed then
      return query select 'rate_limited'::text, m.id, m.slug, m.name, m.plan, m.created_at, m.role,
        greatest(1, hit.retry_after_seconds);
      return;
    end if;
  end if;
  return query select 'ok'::text, m.id, m.slug, m.name, m.plan, m.created_at, m.role, 0;
end
$$;
revoke all on function private.authorize_workspace_request(uuid, uuid, text, text, int, int) from public;
grant execute on function private.authorize_workspace_request(uuid, uuid, text, text, int, int) to service_role;
