-- The audit log: one row per change to configuration, credentials, membership
-- and stored conversations, written by triggers on the audited tables (each
-- domain's file holds its own audit trigger), so no surface can skip it and
-- no new feature can forget it.
--
-- No secret reaches the details: encrypted keys are recorded only as "changed"
-- or "removed", long free text only by field name, URLs without user info,
-- query or fragment.

-- No foreign key to workspaces: the record of a deleted workspace outlives it.
create table public.audit_log (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  actor_id uuid,
  action text not null,
  target_type text not null,
  target_id text,
  details jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index audit_log_workspace_created_idx on public.audit_log (workspace_id, created_at desc, id desc);

-- Append-only: only the service path may rewrite history.
create or replace function private.audit_log_immutable()
returns trigger language plpgsql set search_path = '' as $$
begin
  if current_user <> 'service_role' then
    raise exception 'audit_log is append-only' using errcode = '42501';
  end if;
  return coalesce(new, old);
end
$$;
create trigger audit_log_immutable before update or delete on public.audit_log
  for each row execute function private.audit_log_immutable();

-- The actor is the person in request.jwt.claims; whatever an API key does is
-- audited under its creator, marked with the key.
create or replace function private.write_audit(
  p_workspace uuid, p_action text, p_target_type text, p_target_id text, p_details jsonb
) returns void language sql security definer set search_path = '' as $$
  insert into public.audit_log (workspace_id, actor_id, action, target_type, target_id, details)
  values (p_workspace, (select auth.uid()), p_action, p_target_type, p_target_id,
    coalesce(p_details, '{}'::jsonb)
      || case when private.api_key_id() is null then '{}'::jsonb
              else jsonb_build_object('api_key_id', private.api_key_id()) end)
$$;
revoke all on function private.write_audit(uuid, text, text, text, jsonb) from public;

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

revoke all on function private.audit_url(text), private.audit_changed_keys(jsonb, jsonb),
  private.audit_changes(jsonb, jsonb, text[]) from public;

-- Admins read their workspace's log; nobody but the service path writes it directly.
revoke all on public.audit_log from anon, authenticated;
grant select on public.audit_log to authenticated;
grant all on public.audit_log to service_role;
grant usage on sequence public.audit_log_id_seq to service_role;

alter table public.audit_log enable row level security;
alter table public.audit_log force row level security;

create policy audit_log_select on public.audit_log for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));
