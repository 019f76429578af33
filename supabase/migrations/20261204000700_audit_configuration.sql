-- Audit every change to configuration, credentials and stored conversations,
-- and keep a provider's stored key from following its base URL.
--
-- The audit rows are written by triggers on the audited tables, like the
-- workspace, member, invitation, API key, product and integration entries
-- before them: every surface (web, /api/v1, MCP, the Data API in Supabase
-- mode) goes through the same tables, so none can skip the record, and a new
-- feature cannot forget to call it. private.write_audit() takes the actor from
-- request.jwt.claims: the person, and for a request made with an API key its
-- creator plus details.api_key_id.
--
-- No secret reaches the details: encrypted keys are recorded only as "changed"
-- or "removed", long free text (instructions, descriptions) only by field name,
-- and URLs without user info, query or fragment.

-- --------------------------------------------------------------- helpers

-- scheme://host[:port]/path of a URL: credentials sometimes ride in user info
-- or in the query (`?key=`), and neither belongs in the audit log.
create or replace function private.audit_url(u text)
returns text language sql immutable set search_path = '' as $$
  select case when u is null then null
              else regexp_replace(u, '^([A-Za-z][A-Za-z0-9+.-]*://)(?:[^/?#@]*@)?([^?#]*).*$', '\1\2')
         end
$$;

-- Names of the keys whose values differ between two flat objects, sorted.
create or replace function private.audit_changed_keys(o jsonb, n jsonb)
returns text[] language sql immutable set search_path = '' as $$
  select coalesce(array_agg(k order by k), '{}')
  from (select jsonb_object_keys(coalesce(o, '{}'::jsonb) || coalesce(n, '{}'::jsonb)) as k) keys
  where o -> k is distinct from n -> k
$$;

-- {field: {from, to}} for those of `fields` that changed.
create or replace function private.audit_changes(o jsonb, n jsonb, fields text[])
returns jsonb language sql immutable set search_path = '' as $$
  select coalesce(jsonb_object_agg(k, jsonb_build_object('from', o -> k, 'to', n -> k)), '{}'::jsonb)
  from unnest(fields) k
  where o -> k is distinct from n -> k
$$;

-- ------------------------------------------------------------------ agents

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

-- ----------------------------------------------------- provider connections

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
-- place would let whoever edits the connection (an admin, or a stolen admin
-- session) send it to any host, so a new URL needs the key again in the same
-- UPDATE, or the key goes. Enforced here so the Data API is held to it too.
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

-- ------------------------------------------------------------ model prices

-- Instance-wide defaults (no workspace) are the operator's, set by migrations.
create or replace function private.audit_model_prices()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  r public.model_prices := coalesce(new, old);
begin
  if r.workspace_id is null or not exists (select 1 from public.workspaces w where w.id = r.workspace_id) then
    return null;
  end if;
  if tg_op = 'INSERT' then
    perform private.write_audit(new.workspace_id, 'model_price.created', 'model_price', new.id::text,
      jsonb_build_object('provider', new.provider, 'model', new.model,
        'input_per_million', new.input_per_million, 'output_per_million', new.output_per_million));
  elsif tg_op = 'DELETE' then
    perform private.write_audit(old.workspace_id, 'model_price.deleted', 'model_price', old.id::text,
      jsonb_build_object('provider', old.provider, 'model', old.model));
  elsif (new.input_per_million, new.output_per_million, new.provider, new.model)
        is distinct from (old.input_per_million, old.output_per_million, old.provider, old.model) then
    perform private.write_audit(new.workspace_id, 'model_price.updated', 'model_price', new.id::text,
      jsonb_build_object('provider', new.provider, 'model', new.model,
        'changes', private.audit_changes(
          jsonb_build_object('input_per_million', old.input_per_million, 'output_per_million', old.output_per_million),
          jsonb_build_object('input_per_million', new.input_per_million, 'output_per_million', new.output_per_million),
          array['input_per_million', 'output_per_million'])));
  end if;
  return null;
end
$$;
create trigger model_prices_audit after insert or update or delete on public.model_prices
  for each row execute function private.audit_model_prices();

-- Its "updated" time moves with the price (it had no touch trigger).
create trigger model_prices_touch before update on public.model_prices
  for each row execute function private.touch_updated_at();

-- ---------------------------------------------------------------- products

-- Creation and deletion are audited since the catalog migration; this adds edits.
create or replace function private.audit_product_updates()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  o jsonb := jsonb_build_object('sku', old.sku, 'name', old.name, 'description', old.description,
    'price', old.price, 'currency', old.currency, 'stock', old.stock, 'active', old.active);
  n jsonb := jsonb_build_object('sku', new.sku, 'name', new.name, 'description', new.description,
    'price', new.price, 'currency', new.currency, 'stock', new.stock, 'active', new.active);
  changed text[] := private.audit_changed_keys(o, n);
begin
  if cardinality(changed) = 0 then
    return null;
  end if;
  -- Stock moved by a cart (the cart_items triggers reserve and restock) is a
  -- sale in progress, not an edit of the catalog.
  if changed = array['stock'] and pg_trigger_depth() > 1 then
    return null;
  end if;
  perform private.write_audit(new.workspace_id, 'product.updated', 'product', new.id::text,
    jsonb_build_object('sku', new.sku, 'name', new.name, 'changed', to_jsonb(changed),
      'changes', private.audit_changes(o, n, array['sku', 'name', 'price', 'currency', 'stock', 'active'])));
  return null;
end
$$;
create trigger products_audit_update after update on public.products
  for each row execute function private.audit_product_updates();

-- ----------------------------------------------------------------- inboxes

create or replace function private.audit_inboxes()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  r public.inboxes := coalesce(new, old);
begin
  -- The web inbox made with a workspace is part of its creation (and goes with it).
  if pg_trigger_depth() > 1 or not exists (select 1 from public.workspaces w where w.id = r.workspace_id) then
    return null;
  end if;
  if tg_op = 'INSERT' then
    perform private.write_audit(new.workspace_id, 'inbox.created', 'inbox', new.id::text,
      jsonb_build_object('name', new.name, 'channel', new.channel));
  elsif tg_op = 'DELETE' then
    perform private.write_audit(old.workspace_id, 'inbox.deleted', 'inbox', old.id::text,
      jsonb_build_object('name', old.name, 'channel', old.channel));
  elsif new.name is distinct from old.name then
    perform private.write_audit(new.workspace_id, 'inbox.renamed', 'inbox', new.id::text,
      jsonb_build_object('from', old.name, 'to', new.name, 'channel', new.channel));
  end if;
  return null;
end
$$;
create trigger inboxes_audit after insert or update or delete on public.inboxes
  for each row execute function private.audit_inboxes();

-- ----------------------------------------------------------- conversations

create or replace function private.audit_conversation_deletes()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if not exists (select 1 from public.workspaces w where w.id = old.workspace_id) then
    return null;
  end if;
  perform private.write_audit(old.workspace_id, 'conversation.deleted', 'conversation', old.id::text,
    jsonb_strip_nulls(jsonb_build_object('title', old.title, 'messages', old.message_count,
      'agent_id', old.agent_id, 'created_by', old.created_by)));
  return null;
end
$$;
create trigger conversations_audit_delete after delete on public.conversations
  for each row execute function private.audit_conversation_deletes();

-- Regenerate and edit drop the tail of a conversation: everyone's view of it
-- changes, so only the person who started it (or an admin) may, as deleting it
-- needs an admin. A viewer (or a key below member) still gets "not found", as
-- before. Every truncation that removed something is audited.
create or replace function public.truncate_conversation(p_conversation uuid, p_from_index int)
returns int
language plpgsql security definer set search_path = '' as $$
declare
  conv record;
  removed int;
begin
  select c.workspace_id, c.created_by, c.title into conv from public.conversations c
  where c.id = p_conversation
    and c.workspace_id in (select private.my_workspace_ids('member'))
  for update;
  if not found then
    raise exception 'conversation not found' using errcode = 'P0002';
  end if;
  if p_from_index is null or p_from_index < 1 then
    raise exception 'from_index must be at least 1' using errcode = '22023';
  end if;
  if conv.created_by is distinct from (select auth.uid())
     and not private.has_role(conv.workspace_id, 'admin') then
    raise exception 'only the person who started this conversation, or an admin, can rewrite it'
      using errcode = '42501', hint = 'conversation_rewrite_forbidden';
  end if;
  delete from public.messages m
  where m.workspace_id = conv.workspace_id and m.conversation_id = p_conversation
    and m.message_index >= p_from_index;
  get diagnostics removed = row_count;
  update public.conversations
     set message_count = least(message_count, p_from_index - 1)
   where id = p_conversation;
  if removed > 0 then
    perform private.write_audit(conv.workspace_id, 'conversation.truncated', 'conversation', p_conversation::text,
      jsonb_strip_nulls(jsonb_build_object('title', conv.title, 'from_index', p_from_index, 'removed', removed)));
  end if;
  return removed;
end
$$;
revoke all on function public.truncate_conversation(uuid, int) from public, anon;
grant execute on function public.truncate_conversation(uuid, int) to authenticated, service_role;

revoke all on function private.audit_url(text), private.audit_changed_keys(jsonb, jsonb),
  private.audit_changes(jsonb, jsonb, text[]) from public;
