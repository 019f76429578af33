-- Stripe billing (issue 15): applied webhook events, billing notices, metered overage reports.
-- The same objects as supabase/schemas/98_billing_stripe.sql.

-- ----------------------------------------------------------- stripe_events

-- Every webhook event applied, by Stripe's event id: a redelivery or a replay
-- finds its id here and changes nothing. Written in the same transaction as
-- the event's effect, so an event is either applied and recorded or neither.
-- Service path only (the webhook has no user).
create table private.stripe_events (
  id text primary key check (char_length(id) <= 255),
  type text not null check (char_length(type) <= 100),
  -- event.created: when Stripe created it, not when it arrived.
  created timestamptz not null,
  workspace_id uuid references public.workspaces (id) on delete set null,
  received_at timestamptz not null default now(),
  processed_at timestamptz
);
create index stripe_events_workspace on private.stripe_events (workspace_id, created desc);

alter table private.stripe_events enable row level security;
alter table private.stripe_events force row level security;
revoke all on private.stripe_events from public, anon, authenticated;
grant all on private.stripe_events to service_role;

-- --------------------------------------------------------- billing_notices

-- What happened to a workspace's subscription, in words for its owners and
-- admins (a failed payment and the end of its grace period, a cancellation).
-- One of each kind per Stripe event at most.
create table public.billing_notices (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  kind text not null check (kind in (
    'plan_activated', 'plan_changed', 'cancel_scheduled', 'cancel_reverted', 'plan_canceled',
    'payment_failed', 'payment_recovered')),
  message text not null check (char_length(message) <= 500),
  details jsonb not null default '{}'::jsonb,
  stripe_event_id text check (char_length(stripe_event_id) <= 255),
  created_at timestamptz not null default now(),
  constraint billing_notices_event_kind unique (stripe_event_id, kind)
);
create index billing_notices_workspace on public.billing_notices (workspace_id, created_at desc);

-- Written by the webhook (service); owners and admins read their workspace's.
revoke all on public.billing_notices from anon, authenticated;
grant select on public.billing_notices to authenticated;
grant all on public.billing_notices to service_role;

alter table public.billing_notices enable row level security;
alter table public.billing_notices force row level security;

create policy billing_notices_select on public.billing_notices for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));

-- --------------------------------------------------- billing_meter_reports

-- Overage reported to a Stripe meter, one row per report: the cumulative
-- quantity of the period before (from_quantity) and after (to_quantity) it.
-- A row is written as `pending` BEFORE Stripe is called and marked `sent`
-- after, and the identifier Stripe dedupes on is derived from workspace,
-- meter, period and to_quantity: a crash between the call and the mark leaves
-- a pending row that the next run sends again under the same identifier
-- (Stripe keeps one), and the next report starts from the highest to_quantity,
-- so nothing is billed twice or skipped.
create table public.billing_meter_reports (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  meter text not null check (char_length(meter) <= 100),
  period_start date not null,
  from_quantity bigint not null check (from_quantity >= 0),
  to_quantity bigint not null,
  identifier text not null unique check (char_length(identifier) <= 100),
  stripe_customer_id text not null,
  status text not null default 'pending' check (status in ('pending', 'sent')),
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  constraint billing_meter_reports_step check (to_quantity > from_quantity),
  constraint billing_meter_reports_key unique (workspace_id, meter, period_start, to_quantity)
);
create index billing_meter_reports_pending on public.billing_meter_reports (created_at)
  where status = 'pending';

-- Written by the worker (service); owners and admins read their workspace's.
revoke all on public.billing_meter_reports from anon, authenticated;
grant select on public.billing_meter_reports to authenticated;
grant all on public.billing_meter_reports to service_role;

alter table public.billing_meter_reports enable row level security;
alter table public.billing_meter_reports force row level security;

create policy billing_meter_reports_select on public.billing_meter_reports for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('admin')));
