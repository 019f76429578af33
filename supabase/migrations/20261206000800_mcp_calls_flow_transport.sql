-- A flow's mcp_tool node is an MCP client too: its calls (to an integration,
-- or to Switchboard's own tools in process) are logged with transport 'flow'.
alter table public.mcp_calls drop constraint mcp_calls_transport_check;
alter table public.mcp_calls add constraint mcp_calls_transport_check
  check (transport in ('http', 'stdio', 'chat', 'flow'));
