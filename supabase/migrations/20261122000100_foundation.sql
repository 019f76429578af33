-- Foundation: workspaces, members, invitations, profiles, audit log, local-auth
-- sessions. Policies follow Supabase's performance advice: auth.uid() wrapped in
-- a sub-select (evaluated once per statement), membership checks in
-- security-definer helpers in the non-exposed `private` schema, and an index on
-- every column a policy filters on.

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

create type public.workspace_role as enum ('viewer', 'member', 'admin', 'owner');

-- ---------------------------------------------------------------- tables

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

create table public.workspace_members (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.workspace_role not null default 'member',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);
create index workspace_members_user_id_idx on public.workspace_members (user_id, workspace_id);

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

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text not null,
  display_name text check (char_length(display_name) <= 80),
  avatar_url text check (char_length(avatar_url) <= 2048),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- No foreign key to workspaces: the record of a deleted workspace outlives it.
create table public.audit_log (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  actor_id uuid,
  action text not null,
  target_type text not null,
  target_id text,
  details jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index audit_log_workspace_created_idx on public.audit_log (workspace_id, created_at desc, id desc);

-- Local auth adapter: one row per signed-in device; refresh tokens rotate within it.
create table public.auth_sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  user_agent text,
  ip text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index auth_sessions_user_id_idx on public.auth_sessions (user_id);

create table public.auth_refresh_tokens (
  id bigint generated always as identity primary key,
  session_id uuid not null references public.auth_sessions (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index auth_refresh_tokens_user_id_idx on public.auth_refresh_tokens (user_id);
create index auth_refresh_tokens_session_id_idx on public.auth_refresh_tokens (session_id);

create table public.password_resets (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index password_resets_user_id_idx on public.password_resets (user_id);

-- Fixed-window counters for rate limits, shared by every app process.
create unlogged table private.rate_limits (
  key text primary key,
  window_start timestamptz not null,
  hits integer not null
);

-- ---------------------------------------------------------------- helpers

create or replace function private.role_rank(r public.workspace_role)
returns int language sql immutable as $$
  select case r when 'viewer' then 1 when 'member' then 2 when 'admin' then 3 when 'owner' then 4 end
$$;

-- Role of the calling user in a workspace, or null. Security definer so policies
-- on workspace_members do not recurse into themselves.
create or replace function private.member_role(ws uuid)
returns public.workspace_role
language sql stable security definer set search_path = '' as $$
  select m.role from public.workspace_members m
  where m.workspace_id = ws and m.user_id = (select auth.uid())
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
  where m.user_id = (select auth.uid()) and private.role_rank(m.role) >= private.role_rank(min_role)
$$;

create or replace function private.shares_workspace(other uuid)
returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.workspace_members mine
    join public.workspace_members theirs on theirs.workspace_id = mine.workspace_id
    where mine.user_id = (select auth.uid()) and theirs.user_id = other
  )
$$;

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

revoke all on all functions in schema private from public;
grant execute on function private.role_rank(public.workspace_role), private.member_role(uuid),
  private.has_role(uuid, public.workspace_role), private.shares_workspace(uuid),
  private.my_workspace_ids(public.workspace_role)
  to authenticated, service_role;
grant execute on function private.rate_limit_hit(text, int, int) to service_role;
grant select, delete on private.rate_limits to service_role; -- pruned by the worker

create or replace function private.touch_updated_at()
returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create trigger workspaces_touch before update on public.workspaces
  for each row execute function private.touch_updated_at();
create trigger workspace_members_touch before update on public.workspace_members
  for each row execute function private.touch_updated_at();
create trigger profiles_touch before update on public.profiles
  for each row execute function private.touch_updated_at();

-- A profile for every user, written where the user is created (GoTrue or local).
create or replace function private.handle_new_user()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  insert into public.profiles (id, email, display_name)
  values (new.id, coalesce(new.email, ''), nullif(new.raw_user_meta_data ->> 'display_name', ''))
  on conflict (id) do nothing;
  return new;
end
$$;
create trigger on_auth_user_created after insert on auth.users
  for each row execute function private.handle_new_user();

-- ------------------------------------------------------- membership rules

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

-- ------------------------------------------------------------- audit log

create or replace function private.write_audit(
  p_workspace uuid, p_action text, p_target_type text, p_target_id text, p_details jsonb
) returns void language sql security definer set search_path = '' as $$
  insert into public.audit_log (workspace_id, actor_id, action, target_type, target_id, details)
  values (p_workspace, (select auth.uid()), p_action, p_target_type, p_target_id, coalesce(p_details, '{}'::jsonb))
$$;
revoke all on function private.write_audit(uuid, text, text, text, jsonb) from public;

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

-- Append-only: only the service path may rewrite history.
create or replace function private.audit_log_immutable()
returns trigger language plpgsql as $$
begin
  if current_user <> 'service_role' then
    raise exception 'audit_log is append-only' using errcode = '42501';
  end if;
  return coalesce(new, old);
end
$$;
create trigger audit_log_immutable before update or delete on public.audit_log
  for each row execute function private.audit_log_immutable();

-- ------------------------------------------------------------- functions

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
  insert into public.workspaces (name, slug, created_by)
  values (btrim(p_name), lower(p_slug), uid)
  returning * into ws;
  insert into public.workspace_members (workspace_id, user_id, role) values (ws.id, uid, 'owner');
  return ws;
end
$$;

-- Accepting needs to read an invitation the caller cannot see yet.
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
  select * into inv from public.invitations
  where token_hash = encode(sha256(convert_to(p_token, 'UTF8')), 'hex')
  for update;
  if inv.id is null or inv.accepted_at is not null or inv.expires_at < now() then
    raise exception 'invitation is invalid or expired' using errcode = 'P0002', hint = 'invitation_invalid';
  end if;
  select email into caller_email from auth.users where id = uid;
  -- `is distinct from`, not `<>`: a user without an email (phone or anonymous
  -- sign-in) compares as null, which `<>` would have let through.
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

-- ------------------------------------------------------------ privileges

revoke all on public.workspaces, public.workspace_members, public.invitations, public.profiles,
  public.audit_log, public.auth_sessions, public.auth_refresh_tokens, public.password_resets
  from anon, authenticated;

grant select, delete on public.workspaces to authenticated;
grant update (name, slug) on public.workspaces to authenticated;
grant select, delete on public.workspace_members to authenticated;
grant update (role) on public.workspace_members to authenticated;
grant select, delete on public.invitations to authenticated;
grant insert (workspace_id, email, role, token_hash, invited_by, expires_at) on public.invitations to authenticated;
grant update (expires_at) on public.invitations to authenticated;
grant select on public.profiles to authenticated;
grant update (display_name, avatar_url) on public.profiles to authenticated;
grant select on public.audit_log to authenticated;
grant select on public.auth_sessions to authenticated;

grant all on public.workspaces, public.workspace_members, public.invitations, public.profiles,
  public.audit_log, public.auth_sessions, public.auth_refresh_tokens, public.password_resets
  to service_role;
grant usage on all sequences in schema public to service_role;
grant usage on type public.workspace_role to authenticated, service_role;

-- --------------------------------------------------------------- policies

alter table public.workspaces enable row level security;
alter table public.workspaces force row level security;
alter table public.workspace_members enable row level security;
alter table public.workspace_members force row level security;
alter table public.invitations enable row level security;
alter table public.invitations force row level security;
alter table public.profiles enable row level security;
alter table public.profiles force row level security;
alter table public.audit_log enable row level security;
alter table public.audit_log force row level security;
alter table public.auth_sessions enable row level security;
alter table public.auth_sessions force row level security;
alter table public.auth_refresh_tokens enable row level security;
alter table public.auth_refresh_tokens force row level security;
alter table public.password_resets enable row level security;
alter table public.password_resets force row level security;

create policy workspaces_select on public.workspaces for select to authenticated
  using (id in (select private.my_workspace_ids('viewer')));
create policy workspaces_update on public.workspaces for update to authenticated
  using (id in (select private.my_workspace_ids('admin')))
  with check (id in (select private.my_workspace_ids('admin')));
create policy workspaces_delete on public.workspaces for delete to authenticated
  using (id in (select private.my_workspace_ids('owner')));

-- Members join only through create_workspace() or accept_invitation(): no insert policy.
create policy members_select on public.workspace_members for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
create policy members_update on public.workspace_members for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')))
  with check (workspace_id in (select private.my_workspace_ids('admin')));
create policy members_delete on public.workspace_members for delete to authenticated
  using (user_id = (select auth.uid()) or workspace_id in (select private.my_workspace_ids('admin')));

create policy invitations_select on public.invitations for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));
create policy invitations_insert on public.invitations for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('admin')) and invited_by = (select auth.uid()));
create policy invitations_update on public.invitations for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')))
  with check (workspace_id in (select private.my_workspace_ids('admin')));
create policy invitations_delete on public.invitations for delete to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));

create policy profiles_select on public.profiles for select to authenticated
  using (id = (select auth.uid()) or (select private.shares_workspace(id)));
create policy profiles_update on public.profiles for update to authenticated
  using (id = (select auth.uid())) with check (id = (select auth.uid()));

create policy audit_log_select on public.audit_log for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));

create policy auth_sessions_select on public.auth_sessions for select to authenticated
  using (user_id = (select auth.uid()));
-- auth_refresh_tokens and password_resets: no policy, so only the service path reads them.
