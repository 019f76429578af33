-- Agents and their immutable versions. An agent answers with a model (a
-- provider connection, an instance key or the offline model) or forwards each
-- turn to an external endpoint; `type` is its role (sdr, copilot, support,
-- custom). Every saved change of its configuration is a new version.

create type public.agent_type as enum ('sdr', 'copilot', 'support', 'custom');
grant usage on type public.agent_type to authenticated, service_role;

-- ----------------------------------------------------------------- agents

create table public.agents (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 80),
  avatar text check (char_length(avatar) <= 2048),
  description text not null default '' check (char_length(description) <= 500),
  type public.agent_type not null default 'custom',
  instructions text not null default '' check (char_length(instructions) <= 20000),
  provider_connection_id uuid,
  model text check (char_length(model) <= 200),
  temperature real not null default 0.7 check (temperature between 0 and 2),
  max_steps int not null default 5 check (max_steps between 1 and 20),
  tools text[] not null default '{}' check (cardinality(tools) <= 50),
  rag_enabled boolean not null default false,
  rag_top_k int not null default 5 check (rag_top_k between 1 and 50),
  external_endpoint_url text check (char_length(external_endpoint_url) <= 2048),
  external_timeout_ms int not null default 30000 check (external_timeout_ms between 1000 and 120000),
  version int not null default 1,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Shown at the top of a new chat with the agent; part of its versioned configuration.
  welcome_message text not null default ''
    constraint agents_welcome_message_length check (char_length(welcome_message) <= 500),
  unique (workspace_id, id),
  -- Foreign keys carry workspace_id so a row can only point at rows of its own
  -- workspace: the check runs as the table owner, past RLS, so a plain (id)
  -- key would let a member of A attach B's provider connection (and its key).
  foreign key (workspace_id, provider_connection_id)
    references public.provider_connections (workspace_id, id) on delete set null (provider_connection_id)
);
create index agents_workspace_idx on public.agents (workspace_id, name);

create or replace function private.audit_agents()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  r public.agents := coalesce(new, old);
  o jsonb;
  n jsonb;
  changed text[];
begin
  -- A workspace being deleted takes its agents with it; its own entry says so.
  if not exists (select 1 from public.workspaces w where w.id = r.workspace_id) then
    return null;
  end if;
  if tg_op = 'INSERT' then
    perform private.write_audit(new.workspace_id, 'agent.created', 'agent', new.id::text,
      jsonb_strip_nulls(jsonb_build_object('name', new.name, 'type', new.type, 'model', new.model)));
  elsif tg_op = 'DELETE' then
    perform private.write_audit(old.workspace_id, 'agent.deleted', 'agent', old.id::text,
      jsonb_build_object('name', old.name, 'type', old.type));
  else
    o := private.agent_config(old) || jsonb_build_object('external_endpoint_url', private.audit_url(old.external_endpoint_url));
    n := private.agent_config(new) || jsonb_build_object('external_endpoint_url', private.audit_url(new.external_endpoint_url));
    changed := private.audit_changed_keys(private.agent_config(old), private.agent_config(new));
    if cardinality(changed) = 0 then
      return null;
    end if;
    -- Deleting a provider connection unsets it on its agents (on delete set null):
    -- that deletion is the audited event, not a change of each agent.
    if changed = array['provider_connection_id'] and new.provider_connection_id is null
       and not exists (select 1 from public.provider_connections pc where pc.id = old.provider_connection_id) then
      return null;
    end if;
    perform private.write_audit(new.workspace_id, 'agent.updated', 'agent', new.id::text,
      jsonb_build_object('name', new.name, 'version', new.version, 'changed', to_jsonb(changed),
        -- Old and new values of the short fields only: instructions, description and
        -- avatar may be long or hold anything, so they are named, not copied.
        'changes', private.audit_changes(o, n, array['name', 'type', 'model', 'temperature', 'max_steps',
          'tools', 'rag_enabled', 'rag_top_k', 'provider_connection_id', 'external_endpoint_url',
          'external_timeout_ms'])));
  end if;
  return null;
end
$$;
create trigger agents_audit after insert or update or delete on public.agents
  for each row execute function private.audit_agents();

-- Members create and edit agents; deleting one is an admin's.
revoke all on public.agents from anon, authenticated;
grant select, delete on public.agents to authenticated;
grant insert (workspace_id, name, avatar, description, type, instructions, provider_connection_id, model,
  temperature, max_steps, tools, rag_enabled, rag_top_k, external_endpoint_url, external_timeout_ms, created_by)
  on public.agents to authenticated;
grant update (name, avatar, description, type, instructions, provider_connection_id, model, temperature,
  max_steps, tools, rag_enabled, rag_top_k, external_endpoint_url, external_timeout_ms)
  on public.agents to authenticated;
grant insert (welcome_message), update (welcome_message) on public.agents to authenticated;
grant all on public.agents to service_role;

alter table public.agents enable row level security;
alter table public.agents force row level security;

create policy agents_select on public.agents for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
create policy agents_insert on public.agents for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('member'))
    and (created_by is null or created_by = (select auth.uid())));
create policy agents_update on public.agents for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('member')))
  with check (workspace_id in (select private.my_workspace_ids('member')));
create policy agents_delete on public.agents for delete to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));

-- --------------------------------------------------------- agent_versions

create table public.agent_versions (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  agent_id uuid not null,
  version int not null,
  config jsonb not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  unique (agent_id, version),
  foreign key (workspace_id, agent_id) references public.agents (workspace_id, id) on delete cascade
);
create index agent_versions_workspace_idx on public.agent_versions (workspace_id, agent_id, version desc);

-- What a version records: every configuration field, nothing about identity or time.
create or replace function private.agent_config(a public.agents) returns jsonb
language sql immutable set search_path = '' as $$
  select jsonb_build_object(
    'name', a.name, 'avatar', a.avatar, 'description', a.description, 'type', a.type,
    'instructions', a.instructions, 'provider_connection_id', a.provider_connection_id,
    'model', a.model, 'temperature', a.temperature, 'max_steps', a.max_steps, 'tools', a.tools,
    'rag_enabled', a.rag_enabled, 'rag_top_k', a.rag_top_k,
    'external_endpoint_url', a.external_endpoint_url, 'external_timeout_ms', a.external_timeout_ms,
    'welcome_message', a.welcome_message)
$$;

create or replace function private.agent_bump_version()
returns trigger language plpgsql set search_path = '' as $$
begin
  if private.agent_config(new) is distinct from private.agent_config(old) then
    new.version := old.version + 1;
    new.updated_at := now();
  else
    new.version := old.version;
  end if;
  return new;
end
$$;
create trigger agents_bump_version before update on public.agents
  for each row execute function private.agent_bump_version();

create or replace function private.agent_record_version()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' or new.version <> old.version then
    insert into public.agent_versions (workspace_id, agent_id, version, config, created_by)
    values (new.workspace_id, new.id, new.version, private.agent_config(new), (select auth.uid()));
  end if;
  return null;
end
$$;
create trigger agents_record_version after insert or update on public.agents
  for each row execute function private.agent_record_version();

-- Read-only for users: versions are written by the trigger above.
revoke all on public.agent_versions from anon, authenticated;
grant select on public.agent_versions to authenticated;
grant all on public.agent_versions to service_role;
-- Versions are immutable, on the service path too; they go only with their agent
-- (the cascade runs as the table owner, so it still works).
revoke update, delete, truncate on public.agent_versions from service_role;

alter table public.agent_versions enable row level security;
alter table public.agent_versions force row level security;

create policy agent_versions_select on public.agent_versions for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));
