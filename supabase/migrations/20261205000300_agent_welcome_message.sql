-- An agent's welcome message: shown at the top of a new chat with it.
-- It is part of the agent's configuration, so changing it makes a new
-- version and each version freezes the message it was saved with.

alter table public.agents
  add column welcome_message text not null default ''
    constraint agents_welcome_message_length check (char_length(welcome_message) <= 500);

grant insert (welcome_message), update (welcome_message) on public.agents to authenticated;

-- Versions saved before this migration have no welcome_message key: lib/agents
-- reads it as ''. Existing rows compare equal before and after (both ''), so
-- nothing is re-versioned.
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
