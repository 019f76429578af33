-- MCP activity: every MCP tool call, inbound (an assistant calling
-- Switchboard's MCP server with an API key) and outbound (an agent calling a
-- workspace's external MCP integration). Written by the server in batches
-- (service role), read by the workspace's admins.

create table public.mcp_calls (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  direction text not null check (direction in ('inbound', 'outbound')),
  api_key_id uuid references public.api_keys (id) on delete set null,
  -- Outbound calls name the integration and the agent/conversation that made them.
  integration_id uuid,
  agent_id uuid,
  conversation_id uuid,
  -- 'flow': a flow's mcp_tool node (migration 20261206000800).
  transport text check (transport in ('http', 'stdio', 'chat', 'flow')),
  tool text not null check (length(tool) between 1 and 200),
  arg_bytes int not null default 0 check (arg_bytes >= 0),
  status text not null check (status in ('ok', 'error')),
  error_code text check (length(error_code) <= 100),
  latency_ms int not null check (latency_ms >= 0),
  created_at timestamptz not null default now(),
  -- Outbound rows outlive their integration (set null).
  constraint mcp_calls_integration_fk foreign key (workspace_id, integration_id)
    references public.mcp_integrations (workspace_id, id) on delete set null (integration_id)
);
create index mcp_calls_workspace_time_idx on public.mcp_calls (workspace_id, created_at desc);
create index mcp_calls_key_idx on public.mcp_calls (api_key_id) where api_key_id is not null;
create index mcp_calls_integration_idx on public.mcp_calls (integration_id) where integration_id is not null;

revoke all on public.mcp_calls from anon, authenticated;
grant select on public.mcp_calls to authenticated;
grant all on public.mcp_calls to service_role;

alter table public.mcp_calls enable row level security;
alter table public.mcp_calls force row level security;

create policy mcp_calls_select on public.mcp_calls for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')) and (select private.api_key_id()) is null);
