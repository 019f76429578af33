-- A channel's notice (the fixed "I can only read text" answer to a WhatsApp
-- media message, marked in its part's providerMetadata.switchboard.notice)
-- does not answer the customer: a text that came just before the media in the
-- same batch still gets the model's reply. Before, the notice counted as the
-- answer and the text was never answered.

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
  if p_trigger not in ('submit', 'regenerate', 'edit', 'reply') then
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
  elsif p_trigger = 'reply' then
    -- The conversation row orders concurrent replies to it.
    perform 1 from public.conversations c where c.id = conv_id for update;
    select m.message_index,
           (select string_agg(p->>'text', '') from jsonb_array_elements(m.parts) p where p->>'type' = 'text')
      into last_index, last_text
    from public.messages m
    where m.workspace_id = p_workspace and m.conversation_id = conv_id and m.role = 'user'
      and m.message_index = p_edit_index;
    if last_index is null then
      raise exception 'message not found' using errcode = 'P0002', hint = 'chat_message_not_found';
    end if;
    if exists (select 1 from public.messages m
               where m.workspace_id = p_workspace and m.conversation_id = conv_id and m.role = 'assistant'
                 and m.message_index > last_index
                 -- A channel's notice ("I can only read text") does not answer the customer.
                 and not coalesce(m.parts -> 0 -> 'providerMetadata' -> 'switchboard' ? 'notice', false)) then
      raise exception 'already answered' using errcode = '23505', hint = 'chat_already_answered';
    end if;
  end if;

  if p_trigger not in ('regenerate', 'reply') then
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
    -- Regenerate and reply answer the stored message, whatever text the caller sent along.
    'last_text', case when p_trigger in ('regenerate', 'reply') then coalesce(last_text, '') else coalesce(p_text, '') end,
    'history', history,
    'granted', granted);
end
$$;

create or replace function private.channel_reply_state(p_workspace uuid, p_conversation uuid, p_message uuid)
returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  v jsonb;
begin
  select jsonb_build_object(
           'inbox_id', c.inbox_id, 'handled_by', c.handled_by, 'agent_id', c.agent_id,
           'channel', i.channel, 'external_ref', c.external_ref, 'contact_ref', c.contact_ref,
           'last_inbound_at', c.last_inbound_at,
           'inbox_agent', i.agent_id, 'bot_enabled', i.bot_enabled, 'created_by', i.created_by,
           'slug', w.slug, 'role', mem.role, 'email', u.email::text,
           'message_index', m.message_index, 'message_role', m.role,
           'answer_id', a.id, 'answer_status', a.status, 'answer_parts', a.parts,
           'answer_created_by', a.created_by,
           'answer_delivered', a.id is not null and exists (select 1 from public.channel_deliveries d
                                where d.workspace_id = c.workspace_id and d.message_id = a.id))
    into v
    from public.conversations c
    join public.inboxes i on i.workspace_id = c.workspace_id and i.id = c.inbox_id
    join public.workspaces w on w.id = c.workspace_id
    left join public.workspace_members mem on mem.workspace_id = i.workspace_id and mem.user_id = i.created_by
    left join auth.users u on u.id = i.created_by
    left join public.messages m on m.workspace_id = c.workspace_id and m.conversation_id = c.id and m.id = p_message
    left join lateral (
      select a.id, a.status, a.parts, a.created_by from public.messages a
       where a.workspace_id = c.workspace_id and a.conversation_id = c.id and a.role = 'assistant'
         and a.message_index > m.message_index
         -- A notice (lib/chat/notice.ts: "I can only read text") does not answer the customer.
         and not coalesce(a.parts -> 0 -> 'providerMetadata' -> 'switchboard' ? 'notice', false)
       order by a.message_index limit 1) a on true
   where c.workspace_id = p_workspace and c.id = p_conversation;
  return v;
end
$$;
