-- Flows core (issue 13). API keys get a `flows` tool group: list and run flows,
-- read runs, decide approvals over /api/v1 and MCP.
alter table public.api_keys drop constraint api_keys_scopes_check;
alter table public.api_keys add constraint api_keys_scopes_check check (
  scopes <@ array['read', 'write', 'agents', 'chat', 'conversations', 'catalog', 'usage', 'flows']
  and cardinality(scopes) between 1 and 8
);

-- lib/flows picks a new flow's id before the insert: the webhook token's
-- ciphertext is bound to it (AAD), and the insert runs as the member (RLS).
grant insert (id) on public.flows to authenticated;
