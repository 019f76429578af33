-- Schemas, extensions and the one trigger function every domain shares.
--
-- What Supabase itself provides (the roles anon, authenticated and
-- service_role, the auth schema with auth.users and auth.uid()/auth.jwt(),
-- pgcrypto) is not declared here: on a plain PostgreSQL lib/db/bootstrap.sql
-- creates stand-ins for it before the first migration.

-- Helpers the policies call live in `private`: PostgREST exposes only `public`,
-- so nothing here can be called over the Data API.
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- Message partitions live outside `public`: nothing exposed can address them
-- directly, so the parent's policies are the only way in.
create schema if not exists partitions;
revoke all on schema partitions from public;
grant usage on schema partitions to service_role;
-- The worker creates next months' partitions (as this role): service_role gets them too.
alter default privileges in schema partitions grant all on tables to service_role;

-- Trigram search over products. Supabase keeps extensions in `extensions`.
create schema if not exists extensions;
grant usage on schema extensions to authenticated, service_role;
create extension if not exists pg_trgm with schema extensions;

-- Every table with an updated_at column keeps it with this BEFORE UPDATE trigger.
create or replace function private.touch_updated_at()
returns trigger language plpgsql set search_path = '' as $$
begin
  new.updated_at := now();
  return new;
end
$$;

-- Worker liveness: every worker process records a heartbeat for its graphile
-- worker ids; jobs locked by a worker whose heartbeat went stale are unlocked
-- (lib/worker/liveness.ts), instead of staying locked for graphile's four hours.
create table private.worker_heartbeats (
  worker_id text primary key,
  seen_at timestamptz not null default now()
);
alter table private.worker_heartbeats enable row level security;
alter table private.worker_heartbeats force row level security;
revoke all on private.worker_heartbeats from public, anon, authenticated;
grant all on private.worker_heartbeats to service_role;
