-- Model provider connections: a workspace's own OpenAI, Anthropic, Google or
-- OpenAI-compatible account, with its key stored encrypted. (Instance keys
-- from the environment are not in the database.)

create type public.provider_kind as enum ('openai', 'anthropic', 'google', 'openai_compatible');
grant usage on type public.provider_kind to authenticated, service_role;

create table public.provider_connections (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  provider public.provider_kind not null,
  name text not null check (char_length(btrim(name)) between 1 and 80),
  base_url text check (char_length(base_url) <= 2048),
  models text[] not null default '{}' check (cardinality(models) <= 200),
  -- AES-256-GCM envelope "v1:<key id>:<iv>:<tag>:<ciphertext>", written by the app.
  api_key_ciphertext text,
  api_key_hint text check (char_length(api_key_hint) <= 16),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, name),
  unique (workspace_id, id) -- target of the same-workspace foreign key from agents
);
create index provider_connections_workspace_idx on public.provider_connections (workspace_id);

create trigger provider_connections_touch before update on public.provider_connections
  for each row execute function private.touch_updated_at();

-- Never the key or its ciphertext in the log: only that it changed, or was removed.
create or replace function private.audit_provider_connections()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  r public.provider_connections := coalesce(new, old);
  o jsonb;
  n jsonb;
  changed text[];
  key_changed boolean;
begin
  if not exists (select 1 from public.workspaces w where w.id = r.workspace_id) then
    return null;
  end if;
  if tg_op = 'INSERT' then
    perform private.write_audit(new.workspace_id, 'provider_connection.created', 'provider_connection', new.id::text,
      jsonb_strip_nulls(jsonb_build_object('name', new.name, 'provider', new.provider,
        'base_url', private.audit_url(new.base_url), 'has_key', new.api_key_hint is not null)));
    return null;
  elsif tg_op = 'DELETE' then
    perform private.write_audit(old.workspace_id, 'provider_connection.deleted', 'provider_connection', old.id::text,
      jsonb_build_object('name', old.name, 'provider', old.provider));
    return null;
  end if;
  o := jsonb_build_object('name', old.name, 'base_url', private.audit_url(old.base_url), 'models', old.models);
  n := jsonb_build_object('name', new.name, 'base_url', private.audit_url(new.base_url), 'models', new.models);
  changed := private.audit_changed_keys(o, n);
  -- The raw URL too: a change only in the (stripped) query is still a change.
  if new.base_url is distinct from old.base_url and not ('base_url' = any (changed)) then
    changed := changed || 'base_url';
  end if;
  key_changed := new.api_key_ciphertext is distinct from old.api_key_ciphertext;
  -- The key of a new row is written just after its insert (its AAD names the id):
  -- part of the creation, not a change of its own.
  if key_changed and old.api_key_ciphertext is null and old.created_at = now() and cardinality(changed) = 0 then
    return null;
  end if;
  if not key_changed and cardinality(changed) = 0 then
    return null;
  end if;
  perform private.write_audit(new.workspace_id, 'provider_connection.updated', 'provider_connection', new.id::text,
    jsonb_strip_nulls(jsonb_build_object(
      'name', new.name,
      'changed', to_jsonb(changed || case when key_changed then array['api_key'] else '{}'::text[] end),
      'changes', private.audit_changes(o, n, array['name', 'base_url']),
      -- Never the key or its ciphertext: only that it changed, or was removed.
      'key_changed', case when key_changed and new.api_key_ciphertext is not null then true end,
      'key_removed', case when key_changed and new.api_key_ciphertext is null then true end)));
  return null;
end
$$;
create trigger provider_connections_audit after insert or update or delete on public.provider_connections
  for each row execute function private.audit_provider_connections();

-- A stored key is sent to the base URL. Moving the URL with the key left in
-- place would let whoever edits the connection send it to any host, so a new
-- URL needs the key again in the same UPDATE, or the key goes. Enforced here
-- so the Data API is held to it too.
create or replace function private.provider_connections_key_follows_url()
returns trigger language plpgsql set search_path = '' as $$
begin
  if new.base_url is distinct from old.base_url
     and old.api_key_ciphertext is not null
     and new.api_key_ciphertext is not distinct from old.api_key_ciphertext then
    raise exception 'changing the base URL needs the API key again (or its removal) in the same update'
      using errcode = '23514', hint = 'provider_key_required';
  end if;
  return new;
end
$$;
create trigger provider_connections_key_follows_url before update on public.provider_connections
  for each row execute function private.provider_connections_key_follows_url();

-- ------------------------------------------------------------- privileges

-- The encrypted key is readable only on the service path.
revoke all on public.provider_connections from anon, authenticated;
grant select (id, workspace_id, provider, name, base_url, models, api_key_hint, created_by, created_at, updated_at)
  on public.provider_connections to authenticated;
grant insert (workspace_id, provider, name, base_url, models, api_key_ciphertext, api_key_hint, created_by)
  on public.provider_connections to authenticated;
grant update (name, base_url, models, api_key_ciphertext, api_key_hint) on public.provider_connections to authenticated;
grant delete on public.provider_connections to authenticated;
grant all on public.provider_connections to service_role;

-- --------------------------------------------------------------- policies

alter table public.provider_connections enable row level security;
alter table public.provider_connections force row level security;

create policy provider_connections_select on public.provider_connections for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
-- created_by, where a table has it, is the caller or empty: no one writes rows in another's name.
create policy provider_connections_insert on public.provider_connections for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('admin'))
    and (created_by is null or created_by = (select auth.uid())));
create policy provider_connections_update on public.provider_connections for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')))
  with check (workspace_id in (select private.my_workspace_ids('admin')));
create policy provider_connections_delete on public.provider_connections for delete to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));
