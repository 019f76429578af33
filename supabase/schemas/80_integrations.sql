-- External MCP servers as workspace integrations: admins register a remote
-- server (Streamable HTTP) with an optional credential, Switchboard caches its
-- tool list, and admins grant chosen tools to chosen agents. At chat time the
-- server connects with the credential injected server-side; the model and the
-- browser never see it.

-- ------------------------------------------------------- mcp_integrations

create table public.mcp_integrations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 80),
  -- Prefix of the tool names the model sees ("<slug>__<tool>"), derived from the
  -- name so it is always safe for model APIs ([a-z0-9_-]) and unique per workspace.
  slug text not null generated always as (
    coalesce(nullif(left(btrim(regexp_replace(lower(name), '[^a-z0-9]+', '_', 'g'), '_'), 24), ''), 'mcp')
  ) stored,
  url text not null check (char_length(url) between 1 and 2048 and url ~* '^https?://'),
  auth_type text not null default 'none' check (auth_type in ('none', 'bearer', 'header')),
  -- Only for auth_type 'header': the header the secret is sent in (e.g. X-API-Key).
  auth_header_name text check (auth_header_name ~ '^[A-Za-z0-9!#$%&''*+.^_`|~-]{1,100}$'),
  -- AES-256-GCM envelope "v1:<key id>:<iv>:<tag>:<ciphertext>", written by the app,
  -- bound to (workspace, integration id). Never selectable by `authenticated`.
  secret_ciphertext text,
  secret_hint text check (char_length(secret_hint) <= 16),
  -- The cached tools/list answer: [{name, description, inputSchema}], refreshed on demand.
  tools jsonb not null default '[]'::jsonb
    check (jsonb_typeof(tools) = 'array' and jsonb_array_length(tools) <= 200),
  tools_refreshed_at timestamptz,
  last_error text check (char_length(last_error) <= 500),
  -- Per-call budget; connecting gets the smaller of this and 10 s.
  timeout_ms int not null default 30000 check (timeout_ms between 1000 and 120000),
  enabled boolean not null default true,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, name),
  unique (workspace_id, slug),
  unique (workspace_id, id), -- target of the same-workspace foreign keys below
  check ((auth_type = 'header') = (auth_header_name is not null)),
  -- A credential only where the auth type sends one; none is stored for 'none'.
  check (auth_type <> 'none' or (secret_ciphertext is null and secret_hint is null))
);
create index mcp_integrations_workspace_idx on public.mcp_integrations (workspace_id, name);

create trigger mcp_integrations_touch before update on public.mcp_integrations
  for each row execute function private.touch_updated_at();

-- Never the secret: only whether it changed.
create or replace function private.audit_mcp_integrations()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  r public.mcp_integrations := coalesce(new, old);
begin
  -- A workspace being deleted takes its integrations along; nothing to audit then.
  if not exists (select 1 from public.workspaces w where w.id = r.workspace_id) then
    return null;
  end if;
  if tg_op = 'INSERT' then
    perform private.write_audit(new.workspace_id, 'integration.created', 'integration', new.id::text,
      jsonb_build_object('name', new.name, 'url', new.url, 'auth_type', new.auth_type));
  elsif tg_op = 'DELETE' then
    perform private.write_audit(old.workspace_id, 'integration.deleted', 'integration', old.id::text,
      jsonb_build_object('name', old.name, 'url', old.url));
  elsif (new.name, new.url, new.auth_type, new.auth_header_name, new.timeout_ms, new.enabled)
          is distinct from (old.name, old.url, old.auth_type, old.auth_header_name, old.timeout_ms, old.enabled)
        -- The secret of a new row is written just after its insert (its AAD needs the id):
        -- part of the creation, not a change of its own.
        or (new.secret_ciphertext is distinct from old.secret_ciphertext
            and not (old.secret_ciphertext is null and old.created_at = now())) then
    perform private.write_audit(new.workspace_id, 'integration.updated', 'integration', new.id::text,
      jsonb_strip_nulls(jsonb_build_object(
        'name', new.name,
        'url', case when new.url is distinct from old.url then jsonb_build_object('from', old.url, 'to', new.url) end,
        'auth_type', case when new.auth_type is distinct from old.auth_type
                          then jsonb_build_object('from', old.auth_type, 'to', new.auth_type) end,
        'enabled', case when new.enabled is distinct from old.enabled then to_jsonb(new.enabled) end,
        'secret_changed', case when new.secret_ciphertext is distinct from old.secret_ciphertext then true end)));
  elsif new.tools_refreshed_at is distinct from old.tools_refreshed_at or new.last_error is distinct from old.last_error then
    perform private.write_audit(new.workspace_id, 'integration.tools_refreshed', 'integration', new.id::text,
      jsonb_build_object('name', new.name, 'tools', jsonb_array_length(new.tools), 'ok', new.last_error is null));
  end if;
  return null;
end
$$;
create trigger mcp_integrations_audit after insert or update or delete on public.mcp_integrations
  for each row execute function private.audit_mcp_integrations();

-- The ciphertext is readable only on the service path (like provider_connections' key).
revoke all on public.mcp_integrations from anon, authenticated;
grant select (id, workspace_id, name, slug, url, auth_type, auth_header_name, secret_hint, tools,
  tools_refreshed_at, last_error, timeout_ms, enabled, created_by, created_at, updated_at)
  on public.mcp_integrations to authenticated;
grant insert (workspace_id, name, url, auth_type, auth_header_name, secret_ciphertext, secret_hint,
  timeout_ms, enabled, created_by)
  on public.mcp_integrations to authenticated;
grant update (name, url, auth_type, auth_header_name, secret_ciphertext, secret_hint, tools,
  tools_refreshed_at, last_error, timeout_ms, enabled)
  on public.mcp_integrations to authenticated;
grant delete on public.mcp_integrations to authenticated;
grant all on public.mcp_integrations to service_role;

alter table public.mcp_integrations enable row level security;
alter table public.mcp_integrations force row level security;

-- Members read (a chat turn runs as the chatting member and needs the grants and
-- the cached tools); viewers cannot chat and have no need to see server URLs,
-- which sometimes carry tokens of their own. Admins write.
create policy mcp_integrations_select on public.mcp_integrations for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('member')));
create policy mcp_integrations_insert on public.mcp_integrations for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('admin'))
    and (created_by is null or created_by = (select auth.uid())));
create policy mcp_integrations_update on public.mcp_integrations for update to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')))
  with check (workspace_id in (select private.my_workspace_ids('admin')));
create policy mcp_integrations_delete on public.mcp_integrations for delete to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));

-- ------------------------------------------------ agent_integration_tools

-- Which tools of which integration an agent may call. tool_name is the MCP
-- server's own name, so renaming the integration keeps the grants.
create table public.agent_integration_tools (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  agent_id uuid not null,
  integration_id uuid not null,
  tool_name text not null check (char_length(tool_name) between 1 and 200),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  -- Leading (workspace, agent): the chat turn's one lookup is an index range scan.
  primary key (workspace_id, agent_id, integration_id, tool_name),
  -- workspace_id in both keys: the FK check runs past RLS, so a plain (id) key
  -- would let an admin of A grant B's integration (and its credential) to A's agent.
  foreign key (workspace_id, agent_id) references public.agents (workspace_id, id) on delete cascade,
  foreign key (workspace_id, integration_id) references public.mcp_integrations (workspace_id, id) on delete cascade
);
create index agent_integration_tools_integration_idx on public.agent_integration_tools (workspace_id, integration_id);

create or replace function private.audit_agent_integration_tools()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  r public.agent_integration_tools := coalesce(new, old);
begin
  -- Removed with their agent or integration (cascade): that deletion is the audited event.
  if not exists (select 1 from public.agents a where a.workspace_id = r.workspace_id and a.id = r.agent_id)
     or not exists (select 1 from public.mcp_integrations i
                    where i.workspace_id = r.workspace_id and i.id = r.integration_id) then
    return null;
  end if;
  perform private.write_audit(r.workspace_id,
    case when tg_op = 'INSERT' then 'integration.tool_granted' else 'integration.tool_revoked' end,
    'agent', r.agent_id::text,
    jsonb_build_object('integration_id', r.integration_id, 'tool', r.tool_name));
  return null;
end
$$;
create trigger agent_integration_tools_audit after insert or delete on public.agent_integration_tools
  for each row execute function private.audit_agent_integration_tools();

-- Grants are added and removed, never edited in place.
revoke all on public.agent_integration_tools from anon, authenticated;
grant select, delete on public.agent_integration_tools to authenticated;
grant insert (workspace_id, agent_id, integration_id, tool_name, created_by)
  on public.agent_integration_tools to authenticated;
grant all on public.agent_integration_tools to service_role;

alter table public.agent_integration_tools enable row level security;
alter table public.agent_integration_tools force row level security;

create policy agent_integration_tools_select on public.agent_integration_tools for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('member')));
create policy agent_integration_tools_insert on public.agent_integration_tools for insert to authenticated
  with check (workspace_id in (select private.my_workspace_ids('admin'))
    and (created_by is null or created_by = (select auth.uid())));
create policy agent_integration_tools_delete on public.agent_integration_tools for delete to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));

-- One definition of "the tools an agent was granted", shared by the chat turn
-- (begin_chat_turn) and by lib/integrations (selectGrantedIntegrations).
-- Security invoker: the caller's RLS decides what it reads.
create or replace function public.agent_granted_integrations(p_workspace uuid, p_agent uuid)
returns jsonb
language sql stable security invoker set search_path = '' as $$
  select coalesce(jsonb_agg(x order by x->>'name'), '[]'::jsonb)
  from (
    select jsonb_build_object(
             'id', i.id, 'name', i.name, 'slug', i.slug, 'url', i.url, 'auth_type', i.auth_type,
             'auth_header_name', i.auth_header_name, 'timeout_ms', i.timeout_ms,
             'tools', (select coalesce(jsonb_agg(t order by t->>'name'), '[]'::jsonb)
                         from jsonb_array_elements(i.tools) t where t->>'name' = any (g.names))) as x
    from (select integration_id, array_agg(tool_name) as names
            from public.agent_integration_tools
           where workspace_id = p_workspace and agent_id = p_agent
           group by integration_id) g
    join public.mcp_integrations i on i.workspace_id = p_workspace and i.id = g.integration_id
    where i.enabled
  ) s
$$;
revoke all on function public.agent_granted_integrations(uuid, uuid) from public, anon;
grant execute on function public.agent_granted_integrations(uuid, uuid) to authenticated, service_role;
