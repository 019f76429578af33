-- Workspaces (the tenant), their members with a role, invitations, and the
-- access helpers every policy in every other file calls.
--
-- Policies follow Supabase's performance advice: auth.uid() wrapped in a
-- sub-select (evaluated once per statement), membership checks in
-- security-definer helpers in the non-exposed `private` schema, and an index on
-- every column a policy filters on.

-- The helpers below read tables declared further down and in later files
-- (api_keys); pg_dump does the same to load a schema in any order.
set check_function_bodies = off;

-- Each role includes the ones before it.
create type public.workspace_role as enum ('viewer', 'member', 'admin', 'owner');
grant usage on type public.workspace_role to authenticated, service_role;

-- --------------------------------------------------------- access helpers
--
-- A request runs as `authenticated` with request.jwt.claims. A person's claims
-- are {sub}; an API key's are {sub: <key creator>, api_key_id, workspace_id},
-- and these helpers confine a key to its one workspace, at the lower of the
-- key's role and its creator's current role (see 20_api_keys.sql).

create or replace function private.role_rank(r public.workspace_role)
returns int language sql immutable set search_path = '' as $$
  select case r when 'viewer' then 1 when 'member' then 2 when 'admin' then 3 when 'owner' then 4 end
$$;

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

-- Role of the caller in a workspace, or null. Security definer so policies on
-- workspace_members do not recurse into themselves.
create or replace function private.member_role(ws uuid)
returns public.workspace_role
language sql stable security definer set search_path = '' as $$
  select m.role from public.workspace_members m
  where private.api_key_id() is null and m.workspace_id = ws and m.user_id = (select auth.uid())
  union all
  select g.role from private.api_key_grant() g
  where private.api_key_id() is not null and g.workspace_id = ws
$$;

create or replace function private.has_role(ws uuid, min_role public.workspace_role)
returns boolean
language sql stable security definer set search_path = '' as $$
  select coalesce(private.role_rank(private.member_role(ws)) >= private.role_rank(min_role), false)
$$;

-- Set-returning form for policies: `col in (select private.my_workspace_ids(..))`
-- is planned once per statement (an initPlan), then served by an index.
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

-- For profiles: may the caller see this person (do they share a workspace)?
create or replace function private.shares_workspace(other uuid)
returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.workspace_members theirs
    where theirs.user_id = other
      and theirs.workspace_id in (select private.my_workspace_ids('viewer'))
  )
$$;

revoke all on function private.role_rank(public.workspace_role), private.member_role(uuid),
  private.has_role(uuid, public.workspace_role), private.shares_workspace(uuid),
  private.my_workspace_ids(public.workspace_role), private.api_key_id(), private.api_key_grant()
  from public;
grant execute on function private.role_rank(public.workspace_role), private.member_role(uuid),
  private.has_role(uuid, public.workspace_role), private.shares_workspace(uuid),
  private.my_workspace_ids(public.workspace_role), private.api_key_id(), private.api_key_grant()
  to authenticated, service_role;

-- Joining or creating workspaces is something only a person does.
create or replace function private.refuse_api_key()
returns void language plpgsql stable set search_path = '' as $$
begin
  if private.api_key_id() is not null then
    raise exception 'API keys cannot do this' using errcode = '42501', hint = 'api_key_forbidden';
  end if;
end
$$;

-- ------------------------------------------------------------- workspaces

create table public.workspaces (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique
    check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$'),
  name text not null check (char_length(btrim(name)) between 1 and 80),
  plan text not null default 'free' check (plan in ('free', 'pro', 'business')),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create trigger workspaces_touch before update on public.workspaces
  for each row execute function private.touch_updated_at();

create or replace function private.audit_workspaces()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    perform private.write_audit(new.id, 'workspace.created', 'workspace', new.id::text,
      jsonb_build_object('name', new.name, 'slug', new.slug));
  elsif tg_op = 'UPDATE' then
    if new.name is distinct from old.name or new.slug is distinct from old.slug then
      perform private.write_audit(new.id, 'workspace.renamed', 'workspace', new.id::text,
        jsonb_build_object('from', jsonb_build_object('name', old.name, 'slug', old.slug),
                           'to', jsonb_build_object('name', new.name, 'slug', new.slug)));
    end if;
    if new.plan is distinct from old.plan then
      perform private.write_audit(new.id, 'workspace.plan_changed', 'workspace', new.id::text,
        jsonb_build_object('from', old.plan, 'to', new.plan));
    end if;
  else
    perform private.write_audit(old.id, 'workspace.deleted', 'workspace', old.id::text,
      jsonb_build_object('name', old.name, 'slug', old.slug));
  end if;
  return null;
end
$$;
create trigger workspaces_audit after insert or update or delete on public.workspaces
  for each row execute function private.audit_workspaces();

-- Users rename; `plan` is not theirs to change. Workspaces are created by
-- create_workspace() below, which also makes the creator the owner.
revoke all on public.workspaces from anon, authenticated;
grant select, delete on public.workspaces to authenticated;
grant update (name, slug) on public.workspaces to authenticated;
grant all on public.workspaces to service_role;

alter table public.workspaces enable row level security;
alter table public.workspaces force row level security;

create policy workspaces_select on public.workspaces for select to authenticated
  using (id in (select private.my_workspace_ids('viewer')));
create policy workspaces_update on public.workspaces for update to authenticated
  using (id in (select private.my_workspace_ids('admin')))
  with check (id in (select private.my_workspace_ids('admin')));
create policy workspaces_delete on public.workspaces for delete to authenticated
  using (id in (select private.my_workspace_ids('owner')));

-- ------------------------------------------------------ workspace_members

create table public.workspace_members (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.workspace_role not null default 'member',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);
create index workspace_members_user_id_idx on public.workspace_members (user_id, workspace_id);

create trigger workspace_members_touch before update on public.workspace_members
  for each row execute function private.touch_updated_at();

-- The workspace always keeps an owner; only owners hand out or take away ownership.
-- Security invoker on purpose: current_user tells a direct end-user statement
-- (authenticated) from trusted definer functions and foreign-key cascades.
create or replace function private.guard_membership()
returns trigger language plpgsql set search_path = '' as $$
declare
  caller public.workspace_role;
begin
  if current_user = 'authenticated' then
    caller := private.member_role(coalesce(new.workspace_id, old.workspace_id));
    if (tg_op = 'UPDATE' and (new.role = 'owner' or old.role = 'owner') and caller is distinct from 'owner'
        and new.role is distinct from old.role)
       or (tg_op = 'DELETE' and old.role = 'owner' and caller is distinct from 'owner'
           and old.user_id <> (select auth.uid())) then
      raise exception 'only an owner can grant or change the owner role'
        using errcode = '42501', hint = 'owner_required';
    end if;
  end if;
  return coalesce(new, old);
end
$$;

create or replace function private.ensure_owner_remains()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  ws uuid := old.workspace_id;
begin
  if exists (select 1 from public.workspaces w where w.id = ws)
     and not exists (select 1 from public.workspace_members m where m.workspace_id = ws and m.role = 'owner') then
    raise exception 'a workspace must keep at least one owner'
      using errcode = '23514', hint = 'last_owner';
  end if;
  return null;
end
$$;

create trigger workspace_members_guard before insert or update or delete on public.workspace_members
  for each row execute function private.guard_membership();
create constraint trigger workspace_members_owner_remains after update or delete on public.workspace_members
  deferrable initially immediate
  for each row execute function private.ensure_owner_remains();

create or replace function private.audit_members()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  who text;
begin
  select email into who from public.profiles where id = coalesce(new.user_id, old.user_id);
  if not exists (select 1 from public.workspaces w where w.id = coalesce(new.workspace_id, old.workspace_id)) then
    return null;
  end if;
  if tg_op = 'INSERT' then
    perform private.write_audit(new.workspace_id, 'member.added', 'member', new.user_id::text,
      jsonb_build_object('email', who, 'role', new.role));
  elsif tg_op = 'UPDATE' and new.role is distinct from old.role then
    perform private.write_audit(new.workspace_id, 'member.role_changed', 'member', new.user_id::text,
      jsonb_build_object('email', who, 'from', old.role, 'to', new.role));
  elsif tg_op = 'DELETE' then
    perform private.write_audit(old.workspace_id,
      case when old.user_id = (select auth.uid()) then 'member.left' else 'member.removed' end,
      'member', old.user_id::text, jsonb_build_object('email', who, 'role', old.role));
  end if;
  return null;
end
$$;
create trigger workspace_members_audit after insert or update or delete on public.workspace_members
  for each row execute function private.audit_members();

-- Members join only through create_workspace() or accept_invitation(): no
-- INSERT grant and no insert policy.
revoke all on public.workspace_members from anon, authenticated;
grant select, delete on public.workspace_members to authenticated;
grant update (role) on public.workspace_members to authenticated;
grant all on public.workspace_members to service_role;

alter table public.workspace_members enable row level security;
alter table public.workspace_members force row level security;

create policy members_select on public.workspace_members for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
create policy members_update on public.workspace_members for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')))
  with check (workspace_id in (select private.my_workspace_ids('admin')));
-- Leaving (deleting one's own row) is a person's act, never an API key's.
create policy members_delete on public.workspace_members for delete to authenticated
  using ((user_id = (select auth.uid()) and (select private.api_key_id()) is null)
    or workspace_id in (select private.my_workspace_ids('admin')));

-- ------------------------------------------------------------ invitations

-- token_hash: sha256 of the emailed token; the token itself is never stored.
create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  email text not null check (email ~ '^[^@\s]+@[^@\s]+$' and char_length(email) <= 254),
  role public.workspace_role not null default 'member' check (role <> 'owner'),
  token_hash text not null unique,
  invited_by uuid references auth.users (id) on delete set null,
  expires_at timestamptz not null default now() + interval '7 days',
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index invitations_workspace_id_idx on public.invitations (workspace_id, created_at desc);
create unique index invitations_pending_email_idx
  on public.invitations (workspace_id, lower(email)) where accepted_at is null;

create or replace function private.audit_invitations()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if not exists (select 1 from public.workspaces w where w.id = coalesce(new.workspace_id, old.workspace_id)) then
    return null;
  end if;
  if tg_op = 'INSERT' then
    perform private.write_audit(new.workspace_id, 'invitation.created', 'invitation', new.id::text,
      jsonb_build_object('email', new.email, 'role', new.role));
  elsif tg_op = 'UPDATE' and new.accepted_at is not null and old.accepted_at is null then
    perform private.write_audit(new.workspace_id, 'invitation.accepted', 'invitation', new.id::text,
      jsonb_build_object('email', new.email, 'role', new.role));
  elsif tg_op = 'DELETE' and old.accepted_at is null then
    perform private.write_audit(old.workspace_id, 'invitation.revoked', 'invitation', old.id::text,
      jsonb_build_object('email', old.email, 'role', old.role));
  end if;
  return null;
end
$$;
create trigger invitations_audit after insert or update or delete on public.invitations
  for each row execute function private.audit_invitations();

revoke all on public.invitations from anon, authenticated;
grant select, delete on public.invitations to authenticated;
grant insert (workspace_id, email, role, token_hash, invited_by, expires_at) on public.invitations to authenticated;
grant update (expires_at) on public.invitations to authenticated;
grant all on public.invitations to service_role;

alter table public.invitations enable row level security;
alter table public.invitations force row level security;

create policy invitations_select on public.invitations for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));
create policy invitations_insert on public.invitations for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('admin')) and invited_by = (select auth.uid()));
create policy invitations_update on public.invitations for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')))
  with check (workspace_id in (select private.my_workspace_ids('admin')));
create policy invitations_delete on public.invitations for delete to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));

-- -------------------------------------------------------------- functions

-- Creating a workspace makes the caller its owner in one step; a plain INSERT
-- could not return the row, which the caller may only read once a member.
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

-- Accepting needs to read an invitation the caller cannot see yet; the
-- invitation's email must be the caller's.
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

revoke all on function public.create_workspace(text, text), public.accept_invitation(text) from public, anon;
grant execute on function public.create_workspace(text, text), public.accept_invitation(text)
  to authenticated, service_role;
