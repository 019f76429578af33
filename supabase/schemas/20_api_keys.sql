-- Workspace API keys, for the REST API (/api/v1) and the MCP server.
--
-- A request made with a key runs as `authenticated` with claims
-- {sub: <key creator>, api_key_id, workspace_id}: the same RLS as a person, but
-- the access helpers (10_workspaces.sql) confine it to the key's one
-- workspace, at the lower of the key's role and its creator's current role. A
-- key never bypasses RLS, stops working the moment it is revoked or expires,
-- and stops working when its creator leaves the workspace.

create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 80),
  -- Shown in lists so a leaked key can be recognised: "sbk_" + 8 characters.
  prefix text not null check (prefix ~ '^sbk_[A-Za-z0-9]{8}$'),
  -- sha256 of the whole secret, hex. The secret itself is shown once and never stored.
  secret_hash text not null unique check (secret_hash ~ '^[0-9a-f]{64}$'),
  scopes text[] not null check (
    scopes <@ array['read', 'write', 'agents', 'chat', 'conversations', 'catalog', 'usage', 'flows']
    and cardinality(scopes) between 1 and 8
  ),
  -- The least role the scopes need, set at creation: read → viewer, write →
  -- member, write + agents → admin (deleting an agent is an admin's).
  role public.workspace_role not null check (role in ('viewer', 'member', 'admin')),
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

-- The lookup every key-authenticated request makes, as one autocommit
-- statement. Security definer so the caller needs no grant on api_keys; it
-- returns the key's own row, found by the hash of a secret the caller holds,
-- and keeps last_used_at to the minute (one write per key per minute).
create or replace function private.authenticate_api_key(p_secret_hash text)
returns table (
  id uuid,
  name text,
  prefix text,
  scopes text[],
  role public.workspace_role,
  created_by uuid,
  expired boolean,
  revoked boolean,
  workspace_id uuid,
  slug text,
  workspace_name text,
  creator_role public.workspace_role,
  creator_email text
)
language sql volatile security definer set search_path = '' as $$
  with hit as (
    select k.id, k.name, k.prefix, k.scopes, k.role, k.created_by,
           (k.expires_at is not null and k.expires_at <= now()) as expired,
           (k.revoked_at is not null) as revoked,
           k.workspace_id, w.slug, w.name as workspace_name,
           m.role as creator_role, p.email as creator_email, k.last_used_at
    from public.api_keys k
    join public.workspaces w on w.id = k.workspace_id
    left join public.workspace_members m on m.workspace_id = k.workspace_id and m.user_id = k.created_by
    left join public.profiles p on p.id = k.created_by
    where k.secret_hash = p_secret_hash
  ), touched as (
    -- Last-used is kept to the minute: one write per key per minute, not per request.
    update public.api_keys set last_used_at = now()
    where api_keys.id = (select hit.id from hit
                         where not hit.revoked and not hit.expired and hit.creator_role is not null
                           and (hit.last_used_at is null or hit.last_used_at < now() - interval '1 minute'))
    returning api_keys.id
  )
  select hit.id, hit.name, hit.prefix, hit.scopes, hit.role, hit.created_by, hit.expired, hit.revoked,
         hit.workspace_id, hit.slug, hit.workspace_name, hit.creator_role, hit.creator_email
  from hit
$$;
revoke all on function private.authenticate_api_key(text) from public;
grant execute on function private.authenticate_api_key(text) to service_role;

-- ---------------------------------------------------------------- triggers

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

-- A revoked key stays revoked; who revoked it and when are set here, not by the caller.
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

-- ------------------------------------------------------------- privileges

-- The secret's hash is never readable by users.
revoke all on public.api_keys from anon, authenticated;
grant select (id, workspace_id, name, prefix, scopes, role, created_by, created_at, expires_at, last_used_at,
  revoked_at, revoked_by) on public.api_keys to authenticated;
grant insert (workspace_id, name, prefix, secret_hash, scopes, role, created_by, expires_at)
  on public.api_keys to authenticated;
grant update (name, revoked_at, revoked_by) on public.api_keys to authenticated;
grant all on public.api_keys to service_role;

-- --------------------------------------------------------------- policies

alter table public.api_keys enable row level security;
alter table public.api_keys force row level security;

-- Keys are managed by admins signed in as themselves, never by another key.
create policy api_keys_select on public.api_keys for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')) and (select private.api_key_id()) is null);
create policy api_keys_insert on public.api_keys for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('admin'))
    and (select private.api_key_id()) is null and created_by = (select auth.uid()));
create policy api_keys_update on public.api_keys for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')) and (select private.api_key_id()) is null)
  with check (workspace_id in (select private.my_workspace_ids('admin')));
