-- The session check every signed-in request makes (local auth), as one
-- statement outside any transaction: one round trip where BEGIN + select +
-- COMMIT were three. Security definer so no grant on auth_sessions is needed;
-- only the server (service_role, or the login role that owns it) may call it.

create or replace function private.auth_session_active(p_session uuid)
returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.auth_sessions s where s.id = p_session and s.revoked_at is null)
$$;

revoke all on function private.auth_session_active(uuid) from public;
grant execute on function private.auth_session_active(uuid) to service_role;
