-- A chat turn's setup in one statement: the agent, the conversation (found or
-- started), regenerate/edit truncation, the user's message, the assistant's
-- placeholder, the history the model sees and the agent's granted integration
-- tools. It used to be seven statements of one transaction, each a round trip
-- with its own parse and plan, and they were most of the time a turn spent
-- before the model was called.
--
-- security invoker: every statement runs as the caller, under the same RLS
-- policies and column grants as the statements it replaces.

-- One definition of "the tools an agent was granted", shared by the chat turn
-- and by lib/integrations (selectGrantedIntegrations).
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

create or replace function public.begin_chat_turn(
  p_workspace uuid,
  p_agent uuid,
  p_conversation uuid,
  p_trigger text,
  p_edit_index int,
  p_text text,
  p_offline_model text,
  p_history_limit int default 100
) returns jsonb
language plpgsql security invoker set search_path = '' as $$
declare
  a public.agents;
  conv_id uuid;
  conv_title text;
  last_index int;
  last_text text;
  user_ref jsonb;
  asst_ref jsonb;
  history jsonb := '[]'::jsonb;
  granted jsonb := '[]'::jsonb;
  conn_updated timestamptz;
begin
  if p_trigger not in ('submit', 'regenerate', 'edit') then
    raise exception 'unknown trigger %', p_trigger using errcode = '22023', hint = 'chat_bad_trigger';
  end if;

  select * into a from public.agents where workspace_id = p_workspace and id = p_agent;
  if not found then
    raise exception 'agent not found' using errcode = 'P0002', hint = 'chat_agent_not_found';
  end if;

  if p_conversation is null then
    select c.id, c.title into conv_id, conv_title
    from public.get_or_create_conversation(
      p_workspace,
      (select i.id from public.inboxes i where i.workspace_id = p_workspace and i.channel = 'web'),
      a.id, null, null) c;
  else
    select c.id, c.title into conv_id, conv_title
    from public.conversations c where c.workspace_id = p_workspace and c.id = p_conversation;
    if conv_id is null then
      raise exception 'conversation not found' using errcode = 'P0002', hint = 'chat_conversation_not_found';
    end if;
  end if;

  if p_trigger = 'regenerate' then
    -- Drop the replies after the last user message and answer it again.
    select m.message_index,
           (select string_agg(p->>'text', '') from jsonb_array_elements(m.parts) p where p->>'type' = 'text')
      into last_index, last_text
    from public.messages m
    where m.workspace_id = p_workspace and m.conversation_id = conv_id and m.role = 'user'
    order by m.message_index desc limit 1;
    if last_index is null then
      raise exception 'nothing to regenerate' using errcode = '22023', hint = 'chat_nothing_to_regenerate';
    end if;
    perform public.truncate_conversation(conv_id, last_index + 1);
  elsif p_trigger = 'edit' and p_edit_index is not null then
    perform public.truncate_conversation(conv_id, p_edit_index);
  end if;

  if p_trigger <> 'regenerate' then
    -- Attributed to the agent addressed, so usage per agent counts both sides.
    insert into public.messages (workspace_id, conversation_id, role, parts, status, agent_id, created_by)
    values (p_workspace, conv_id, 'user', jsonb_build_array(jsonb_build_object('type', 'text', 'text', p_text)),
            'complete', a.id, (select auth.uid()))
    returning jsonb_build_object('id', id, 'index', message_index, 'created_at', created_at::text) into user_ref;
  end if;

  insert into public.messages (workspace_id, conversation_id, role, parts, status, agent_id, agent_version, model)
  values (p_workspace, conv_id, 'assistant', '[]'::jsonb, 'streaming', a.id, a.version,
          case when a.external_endpoint_url is not null then 'external' else coalesce(a.model, p_offline_model) end)
  returning jsonb_build_object('id', id, 'index', message_index, 'created_at', created_at::text) into asst_ref;

  if a.external_endpoint_url is null then
    -- Newest first (the index serves it backwards); the caller puts it in order.
    select coalesce(jsonb_agg(jsonb_build_object('id', h.id, 'role', h.role, 'parts', h.parts, 'status', h.status)
                              order by h.message_index desc), '[]'::jsonb)
      into history
    from (select m.id, m.role, m.parts, m.status, m.message_index from public.messages m
          where m.workspace_id = p_workspace and m.conversation_id = conv_id
          order by m.message_index desc limit p_history_limit) h;
    granted := public.agent_granted_integrations(p_workspace, a.id);
    if a.provider_connection_id is not null then
      -- Lets the caller reuse a provider client built from this same version of the connection.
      select pc.updated_at into conn_updated from public.provider_connections pc
      where pc.workspace_id = p_workspace and pc.id = a.provider_connection_id;
    end if;
  end if;

  return jsonb_build_object(
    -- Every column but created_by, which is not part of the API (lib/agents/map.ts reads what it needs).
    'agent', to_jsonb(a) - 'created_by',
    'connection_updated_at', conn_updated::text,
    'conversation', jsonb_build_object('id', conv_id, 'title', conv_title),
    'user_message', user_ref,
    'assistant', asst_ref,
    -- Regenerate answers the stored message again, whatever text the client sent along.
    'last_text', case when p_trigger = 'regenerate' then coalesce(last_text, '') else coalesce(p_text, '') end,
    'history', history,
    'granted', granted);
end
$$;
revoke all on function public.begin_chat_turn(uuid, uuid, uuid, text, int, text, text, int) from public, anon;
grant execute on function public.begin_chat_turn(uuid, uuid, uuid, text, int, text, text, int)
  to authenticated, service_role;
