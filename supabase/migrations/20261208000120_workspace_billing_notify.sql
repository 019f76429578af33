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
