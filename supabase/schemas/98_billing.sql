-- Billing: the plan each workspace is on and its Stripe subscription's state
-- (lib/billing/plans.ts defines the plans and their limits; lib/billing/entitlements.ts enforces them).

-- Written only by the billing service path (the Stripe webhook and checkout
-- return); members read their own workspace's row. No row = Free.
create table public.workspace_billing (
  workspace_id uuid primary key references public.workspaces (id) on delete cascade,
  plan text not null default 'free' check (plan in ('free', 'pro', 'business')),
  status text not null default 'none'
    check (status in ('active', 'trialing', 'past_due', 'canceled', 'none')),
  stripe_customer_id text unique check (char_length(stripe_customer_id) <= 255),
  stripe_subscription_id text check (char_length(stripe_subscription_id) <= 255),
  subscription_created timestamptz,
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  grace_until timestamptz,
  -- The last applied Stripe event.created (or subscription fingerprint): an older state never overwrites a newer one.
  state_version bigint not null default 0,
  updated_at timestamptz not null default now()
);

create trigger workspace_billing_touch before update on public.workspace_billing
  for each row execute function private.touch_updated_at();

revoke all on public.workspace_billing from anon, authenticated;
grant select on public.workspace_billing to authenticated;
grant all on public.workspace_billing to service_role;

alter table public.workspace_billing enable row level security;
alter table public.workspace_billing force row level security;

create policy workspace_billing_select on public.workspace_billing for select to authenticated
  using (workspace_id in (select private.my_workspace_ids('viewer')));

-- workspaces.plan (shown in Settings and the overview, audited as
-- workspace.plan_changed) follows the subscription: its plan while active,
-- trialing or past due, Free once canceled or gone. The limits themselves come
-- from lib/billing/entitlements.ts, which also ends a past-due grace period.
create or replace function private.sync_workspace_plan()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  v_plan text := case when new.status in ('active', 'trialing', 'past_due') then new.plan else 'free' end;
begin
  update public.workspaces w set plan = v_plan where w.id = new.workspace_id and w.plan is distinct from v_plan;
  return null;
end
$$;
revoke all on function private.sync_workspace_plan() from public, anon, authenticated;

create trigger workspace_billing_sync_plan after insert or update of plan, status on public.workspace_billing
  for each row execute function private.sync_workspace_plan();

-- Each process caches a workspace's effective plan for a few seconds
-- (lib/billing/entitlements.ts); a change to the subscription's row tells
-- every process to drop its copy at once (lib/billing/plan-listener.ts).
create or replace function private.notify_workspace_billing()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  perform pg_notify('switchboard_billing', coalesce(new.workspace_id, old.workspace_id)::text);
  return null;
end
$$;
revoke all on function private.notify_workspace_billing() from public, anon, authenticated;

create trigger workspace_billing_notify after insert or update or delete on public.workspace_billing
  for each row execute function private.notify_workspace_billing();
