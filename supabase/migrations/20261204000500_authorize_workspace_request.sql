-- What every workspace request checks before its handler runs, as ONE autocommit
-- statement where it was three round trips (session check, then membership and
-- rate limit): the session is not revoked, the user belongs to the workspace,
-- and only then is a rate-limit hit counted (a signed-out or foreign caller no
-- longer spends the member's budget). Security definer, so the membership is
-- read with an explicit filter on the user the server verified from the token;
-- only the server (service_role) may call it, as with auth_session_active.

-- outcome: 'ok', 'unauthorized' (session revoked or not this user's),
-- 'not_found' (no such workspace, or not a member: indistinguishable on purpose),
-- 'rate_limited' (with retry_after_seconds). p_session null: nothing to check
-- (the auth provider verified the session itself). p_rl_key null: no limit.
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
