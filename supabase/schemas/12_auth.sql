-- People: profiles (one per auth.users row), and the local auth adapter's
-- sessions, rotating refresh tokens and password resets. With Supabase Auth
-- the last three stay empty; profiles are filled either way.

-- --------------------------------------------------------------- profiles

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text not null,
  display_name text check (char_length(display_name) <= 80),
  avatar_url text check (char_length(avatar_url) <= 2048),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create trigger profiles_touch before update on public.profiles
  for each row execute function private.touch_updated_at();

-- A profile for every user, written where the user is created (GoTrue or local).
create or replace function private.handle_new_user()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  insert into public.profiles (id, email, display_name)
  values (new.id, coalesce(new.email, ''), nullif(new.raw_user_meta_data ->> 'display_name', ''))
  on conflict (id) do nothing;
  return new;
end
$$;
create trigger on_auth_user_created after insert on auth.users
  for each row execute function private.handle_new_user();

-- Members see each other's profiles and edit only their own display fields.
revoke all on public.profiles from anon, authenticated;
grant select on public.profiles to authenticated;
grant update (display_name, avatar_url) on public.profiles to authenticated;
grant all on public.profiles to service_role;

alter table public.profiles enable row level security;
alter table public.profiles force row level security;

create policy profiles_select on public.profiles for select to authenticated
  using (id = (select auth.uid()) or (select private.shares_workspace(id)));
-- One's own profile belongs to the person, not to their API keys.
create policy profiles_update on public.profiles for update to authenticated
  using (id = (select auth.uid()) and (select private.api_key_id()) is null)
  with check (id = (select auth.uid()) and (select private.api_key_id()) is null);

-- ----------------------------------------------------------- auth_sessions

-- Local auth adapter: one row per signed-in device; refresh tokens rotate within it.
create table public.auth_sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  user_agent text,
  ip text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index auth_sessions_user_id_idx on public.auth_sessions (user_id);

-- The session check every signed-in request makes, as one autocommit statement
-- (one round trip, not BEGIN + select + COMMIT). Security definer so no grant on
-- auth_sessions is needed; only the server may call it.
create or replace function private.auth_session_active(p_session uuid)
returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.auth_sessions s where s.id = p_session and s.revoked_at is null)
$$;
revoke all on function private.auth_session_active(uuid) from public;
grant execute on function private.auth_session_active(uuid) to service_role;

-- Readable by their owner (the account page lists them); written by the server.
revoke all on public.auth_sessions from anon, authenticated;
grant select on public.auth_sessions to authenticated;
grant all on public.auth_sessions to service_role;

alter table public.auth_sessions enable row level security;
alter table public.auth_sessions force row level security;

create policy auth_sessions_select on public.auth_sessions for select to authenticated
  using (user_id = (select auth.uid()) and (select private.api_key_id()) is null);

-- ------------------------------------------- refresh tokens, password resets

-- Stored as hashes. RLS on and no policy: only the service path reads them.
create table public.auth_refresh_tokens (
  id bigint generated always as identity primary key,
  session_id uuid not null references public.auth_sessions (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index auth_refresh_tokens_user_id_idx on public.auth_refresh_tokens (user_id);
create index auth_refresh_tokens_session_id_idx on public.auth_refresh_tokens (session_id);

create table public.password_resets (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index password_resets_user_id_idx on public.password_resets (user_id);

revoke all on public.auth_refresh_tokens, public.password_resets from anon, authenticated;
grant all on public.auth_refresh_tokens, public.password_resets to service_role;
grant usage on sequence public.auth_refresh_tokens_id_seq to service_role;

alter table public.auth_refresh_tokens enable row level security;
alter table public.auth_refresh_tokens force row level security;
alter table public.password_resets enable row level security;
alter table public.password_resets force row level security;
