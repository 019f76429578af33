-- Hardening (issue 11, items 10 and 13).

-- 13. Every function gets a fixed search_path (Supabase lint 0011,
-- function_search_path_mutable): a caller's search_path must not decide which
-- `now()` or table a function resolves. Their bodies only use pg_catalog and
-- schema-qualified names, so the empty path changes nothing else.
alter function private.audit_log_immutable() set search_path = '';
alter function private.ttft_bounds() set search_path = '';
alter function private.role_rank(public.workspace_role) set search_path = '';
alter function private.touch_updated_at() set search_path = '';
alter function private.agent_config(public.agents) set search_path = '';
alter function private.agent_bump_version() set search_path = '';
alter function private.messages_touch() set search_path = '';
alter function private.ttft_bucket(int) set search_path = '';

-- 10. A reply's output and usage are written by the server (service_role)
-- only. Where the Data API is exposed a member could otherwise rewrite an
-- assistant's text or zero its cost. A member may still stop a reply
-- (stop_chat_reply runs as the caller): status, and only to 'stopped'.
revoke update on public.messages from authenticated;
grant update (status) on public.messages to authenticated;
drop policy messages_update on public.messages;
create policy messages_update on public.messages for update to authenticated
  using (workspace_id = any (array(select private.my_workspace_ids('member'))))
  with check (workspace_id = any (array(select private.my_workspace_ids('member'))) and status = 'stopped');

-- Usage values are sane: no negative cost (credits) and no absurd counts that
-- would overflow the daily sums.
alter table public.messages
  add constraint messages_cost_range check (cost >= 0 and cost <= 1000000),
  add constraint messages_tokens_range check (input_tokens <= 100000000 and output_tokens <= 100000000),
  add constraint messages_latency_range check (
    (latency_first_token_ms is null or latency_first_token_ms between 0 and 86400000)
    and (latency_total_ms is null or latency_total_ms between 0 and 86400000));

-- 15. An API key acts with the least role its scopes need (it was admin for
-- any write key, so a chat-only key could do in the database what only admins
-- may: grant integration tools to an agent, delete agents or conversations).
-- Read-only: viewer. Write: member, which chats, edits agents, products and
-- carts. Write + agents: admin, because deleting an agent is an admin's.
alter table public.api_keys drop constraint api_keys_role_check;
alter table public.api_keys add constraint api_keys_role_check check (role in ('viewer', 'member', 'admin'));
update public.api_keys set role = 'member'
 where role = 'admin' and not ('agents' = any (scopes));
