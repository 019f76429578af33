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
