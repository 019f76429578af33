-- Workspace API keys and the MCP activity log.
--
-- A request made with a key runs as `authenticated` with claims
-- {sub: <key creator>, api_key_id, workspace_id}: the same RLS as a user, but
-- the policy helpers below confine it to the key's one workspace, at the lower
-- of the key's role and its creator's current role. A key never bypasses RLS,
-- stops working the moment it is revoked or expires, and stops working when
-- its creator leaves the workspace.

create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 80),
  -- Shown in lists so a leaked key can be recognised: "sbk_" + 8 characters.
  prefix text not null check (prefix ~ '^sbk_[A-Za-z0-9]{8}$'),
  -- sha256 of the whole secret, hex. The secret itself is shown once and never stored.
  secret_hash text not null unique check (secret_hash ~ '^[0-9a-f]{64}$'),
  scopes text[] not null check (
    scopes <@ array['read', 'write', 'agents', 'chat', 'conversations', 'catalog', 'usage']
    and cardinality(scopes) between 1 and 7
  ),
  -- Derived from the scopes at creation: what RLS lets the key do at most.
  role public.workspace_role not null check (role in ('viewer', 'admin')),
  created_by uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid references auth.users (id) on delete set null,
  unique (workspace_id, id)
);
create index api_keys_workspace_idx on public.api_keys (workspace_id, created_at desc);
create index api_keys_created_by_idx on public.api_keys (created_by);

-- Every MCP tool call, inbound (an assistant calling Switchboard's server with a
-- key) and outbound (an agent calling a workspace's external MCP integration).
create table public.mcp_calls (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  direction text not null check (direction in ('inbound', 'outbound')),
  api_key_id uuid references public.api_keys (id) on delete set null,
  -- Outbound calls name the integration and the agent/conversation that made them.
  integration_id uuid,
  agent_id uuid,
  conversation_id uuid,
  transport text check (transport in ('http', 'stdio', 'chat')),
  tool text not null check (length(tool) between 1 and 200),
  arg_bytes int not null default 0 check (arg_bytes >= 0),
  status text not null check (status in ('ok', 'error')),
  error_code text check (length(error_code) <= 100),
  latency_ms int not null check (latency_ms >= 0),
  created_at timestamptz not null default now()
);
create index mcp_calls_workspace_time_idx on public.mcp_calls (workspace_id, created_at desc);
create index mcp_calls_key_idx on public.mcp_calls (api_key_id) where api_key_id is not null;

-- --------------------------------------------------------- key-aware helpers

-- The key a request is made with, or null for a signed-in user.
create or replace function private.api_key_id()
returns uuid language sql stable set search_path = '' as $$
  select nullif((select auth.jwt()) ->> 'api_key_id', '')::uuid
$$;

-- The key's workspace and effective role: the lower of the key's role and its
-- creator's membership. Nothing for a revoked, expired or orphaned key.
create or replace function private.api_key_grant()
returns table (workspace_id uuid, role public.workspace_role)
language sql stable security definer set search_path = '' as $$
  select k.workspace_id,
         case when private.role_rank(k.role) <= private.role_rank(m.role) then k.role else m.role end
  from public.api_keys k
  join public.workspace_members m on m.workspace_id = k.workspace_id and m.user_id = k.created_by
  where k.id = private.api_key_id()
    and k.created_by = (select auth.uid())
    and k.revoked_at is null
    and (k.expires_at is null or k.expires_at > now())
$$;

create or replace function private.my_workspace_ids(min_role public.workspace_role)
returns setof uuid
language sql stable security definer set search_path = '' as $$
  select m.workspace_id from public.workspace_members m
  where private.api_key_id() is null
    and m.user_id = (select auth.uid()) and private.role_rank(m.role) >= private.role_rank(min_role)
  union all
  select g.workspace_id from private.api_key_grant() g
  where private.api_key_id() is not null and private.role_rank(g.role) >= private.role_rank(min_role)
$$;

create or replace function private.member_role(ws uuid)
returns public.workspace_role
language sql stable security definer set search_path = '' as $$
  select m.role from public.workspace_members m
  where private.api_key_id() is null and m.workspace_id = ws and m.user_id = (select auth.uid())
  union all
  select g.role from private.api_key_grant() g
  where private.api_key_id() is not null and g.workspace_id = ws
$$;

create or replace function private.shares_workspace(other uuid)
returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.workspace_members theirs
    where theirs.user_id = other
      and theirs.workspace_id in (select private.my_workspace_ids('viewer'))
  )
$$;

revoke all on function private.api_key_id(), private.api_key_grant() from public;
grant execute on function private.api_key_id(), private.api_key_grant() to authenticated, service_role;

-- Policies that trust `auth.uid()` alone belong to the person, not to a key.
drop policy members_delete on public.workspace_members;
create policy members_delete on public.workspace_members for delete to authenticated
  using ((user_id = (select auth.uid()) and (select private.api_key_id()) is null)
    or workspace_id in (select private.my_workspace_ids('admin')));
drop policy profiles_update on public.profiles;
create policy profiles_update on public.profiles for update to authenticated
  using (id = (select auth.uid()) and (select private.api_key_id()) is null)
  with check (id = (select auth.uid()) and (select private.api_key_id()) is null);
drop policy auth_sessions_select on public.auth_sessions;
create policy auth_sessions_select on public.auth_sessions for select to authenticated
  using (user_id = (select auth.uid()) and (select private.api_key_id()) is null);

-- Joining or creating workspaces is something only a person does.
create or replace function private.refuse_api_key()
returns void language plpgsql stable set search_path = '' as $$
begin
  if private.api_key_id() is not null then
    raise exception 'API keys cannot do this' using errcode = '42501', hint = 'api_key_forbidden';
  end if;
end
$$;

create or replace function public.create_workspace(p_name text, p_slug text)
returns public.workspaces
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := (select auth.uid());
  ws public.workspaces;
begin
  if uid is null then
    raise exception 'not signed in' using errcode = '42501';
  end if;
  perform private.refuse_api_key();
  insert into public.workspaces (name, slug, created_by)
  values (btrim(p_name), lower(p_slug), uid)
  returning * into ws;
  insert into public.workspace_members (workspace_id, user_id, role) values (ws.id, uid, 'owner');
  return ws;
end
$$;

create or replace function public.accept_invitation(p_token text)
returns public.workspaces
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := (select auth.uid());
  caller_email text;
  inv public.invitations;
  ws public.workspaces;
begin
  if uid is null then
    raise exception 'not signed in' using errcode = '42501';
  end if;
  perform private.refuse_api_key();
  select * into inv from public.invitations
  where token_hash = encode(sha256(convert_to(p_token, 'UTF8')), 'hex')
  for update;
  if inv.id is null or inv.accepted_at is not null or inv.expires_at < now() then
    raise exception 'invitation is invalid or expired' using errcode = 'P0002', hint = 'invitation_invalid';
  end if;
  select email into caller_email from auth.users where id = uid;
  if caller_email is null or lower(caller_email) is distinct from lower(inv.email) then
    raise exception 'invitation was sent to another email address'
      using errcode = '42501', hint = 'invitation_email_mismatch';
  end if;
  insert into public.workspace_members (workspace_id, user_id, role)
  values (inv.workspace_id, uid, inv.role)
  on conflict (workspace_id, user_id) do nothing;
  update public.invitations set accepted_at = now(), accepted_by = uid where id = inv.id;
  select * into ws from public.workspaces where id = inv.workspace_id;
  return ws;
end
$$;

-- ------------------------------------------------------------------- RLS

alter table public.api_keys enable row level security;
alter table public.api_keys force row level security;
alter table public.mcp_calls enable row level security;
alter table public.mcp_calls force row level security;

-- Keys are managed by admins signed in as themselves, never by another key.
create policy api_keys_select on public.api_keys for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')) and (select private.api_key_id()) is null);
create policy api_keys_insert on public.api_keys for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('admin'))
    and (select private.api_key_id()) is null and created_by = (select auth.uid()));
create policy api_keys_update on public.api_keys for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')) and (select private.api_key_id()) is null)
  with check (workspace_id in (select private.my_workspace_ids('admin')));

-- Activity is written by the server (service role) and read by the workspace's admins.
create policy mcp_calls_select on public.mcp_calls for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')) and (select private.api_key_id()) is null);

revoke all on public.api_keys, public.mcp_calls from anon, authenticated;
grant select (id, workspace_id, name, prefix, scopes, role, created_by, created_at, expires_at, last_used_at,
  revoked_at, revoked_by) on public.api_keys to authenticated;
grant insert (workspace_id, name, prefix, secret_hash, scopes, role, created_by, expires_at)
  on public.api_keys to authenticated;
grant update (name, revoked_at, revoked_by) on public.api_keys to authenticated;
grant select on public.mcp_calls to authenticated;
grant all on public.api_keys, public.mcp_calls to service_role;

-- ----------------------------------------------------------------- audit

-- Whatever a key does is audited under its creator, marked with the key.
create or replace function private.write_audit(
  p_workspace uuid, p_action text, p_target_type text, p_target_id text, p_details jsonb
) returns void language sql security definer set search_path = '' as $$
  insert into public.audit_log (workspace_id, actor_id, action, target_type, target_id, details)
  values (p_workspace, (select auth.uid()), p_action, p_target_type, p_target_id,
    coalesce(p_details, '{}'::jsonb)
      || case when private.api_key_id() is null then '{}'::jsonb
              else jsonb_build_object('api_key_id', private.api_key_id()) end)
$$;
revoke all on function private.write_audit(uuid, text, text, text, jsonb) from public;

create or replace function private.audit_api_keys()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    perform private.write_audit(new.workspace_id, 'api_key.created', 'api_key', new.id::text,
      jsonb_build_object('name', new.name, 'prefix', new.prefix, 'scopes', new.scopes,
                         'expires_at', new.expires_at));
  elsif new.revoked_at is not null and old.revoked_at is null then
    perform private.write_audit(new.workspace_id, 'api_key.revoked', 'api_key', new.id::text,
      jsonb_build_object('name', new.name, 'prefix', new.prefix));
  elsif new.name is distinct from old.name then
    perform private.write_audit(new.workspace_id, 'api_key.renamed', 'api_key', new.id::text,
      jsonb_build_object('from', old.name, 'to', new.name));
  end if;
  return null;
end
$$;
create trigger api_keys_audit after insert or update of name, revoked_at on public.api_keys
  for each row execute function private.audit_api_keys();

-- A revoked key stays revoked.
create or replace function private.api_keys_guard()
returns trigger language plpgsql set search_path = '' as $$
begin
  if old.revoked_at is not null and new.revoked_at is distinct from old.revoked_at then
    raise exception 'a revoked key cannot be restored' using errcode = '42501', hint = 'api_key_revoked';
  end if;
  if new.revoked_at is not null and old.revoked_at is null then
    new.revoked_at := now();
    new.revoked_by := (select auth.uid());
  end if;
  return new;
end
$$;
create trigger api_keys_guard before update on public.api_keys
  for each row execute function private.api_keys_guard();
