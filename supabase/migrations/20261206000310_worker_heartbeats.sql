-- Worker liveness (issue 13, durable execution). graphile-worker leaves a job
-- locked by a worker that died (kill -9, a lost machine) for four hours before
-- another worker may take it. Every worker process records a heartbeat for
-- its graphile worker ids here; jobs locked by ids whose heartbeat has gone
-- stale are unlocked (graphile_worker.force_unlock_workers), so a flow run
-- resumes from its last committed node within seconds. Service path only.
create table private.worker_heartbeats (
  worker_id text primary key,
  seen_at timestamptz not null default now()
);
alter table private.worker_heartbeats enable row level security;
alter table private.worker_heartbeats force row level security;
revoke all on private.worker_heartbeats from public, anon, authenticated;
grant all on private.worker_heartbeats to service_role;
