-- The API key lookup every key-authenticated request makes, as one statement.
-- Called outside any transaction (autocommit), it is one round trip where
-- BEGIN + lookup + COMMIT were three. Security definer so the caller needs no
-- grant on api_keys; only the login role and service_role may execute it, and
-- it returns the key's own row, found by the hash of a secret the caller holds.

create or replace function private.authenticate_api_key(p_secret_hash text)
returns table (
  id uuid,
  name text,
  prefix text,
  scopes text[],
  role public.workspace_role,
  created_by uuid,
  expired boolean,
  revoked boolean,
  workspace_id uuid,
  slug text,
  workspace_name text,
  creator_role public.workspace_role,
  creator_email text
)
language sql volatile security definer set search_path = '' as $$
  with hit as (
    select k.id, k.name, k.prefix, k.scopes, k.role, k.created_by,
           (k.expires_at is not null and k.expires_at <= now()) as expired,
           (k.revoked_at is not null) as revoked,
           k.workspace_id, w.slug, w.name as workspace_name,
           m.role as creator_role, p.email as creator_email, k.last_used_at
    from public.api_keys k
    join public.workspaces w on w.id = k.workspace_id
    left join public.workspace_members m on m.workspace_id = k.workspace_id and m.user_id = k.created_by
    left join public.profiles p on p.id = k.created_by
    where k.secret_hash = p_secret_hash
  ), touched as (
    -- Last-used is kept to the minute: one write per key per minute, not per request.
    update public.api_keys set last_used_at = now()
    where api_keys.id = (select hit.id from hit
                         where not hit.revoked and not hit.expired and hit.creator_role is not null
                           and (hit.last_used_at is null or hit.last_used_at < now() - interval '1 minute'))
    returning api_keys.id
  )
  select hit.id, hit.name, hit.prefix, hit.scopes, hit.role, hit.created_by, hit.expired, hit.revoked,
         hit.workspace_id, hit.slug, hit.workspace_name, hit.creator_role, hit.creator_email
  from hit
$$;

revoke all on function private.authenticate_api_key(text) from public;
grant execute on function private.authenticate_api_key(text) to service_role;
