-- A conversation's priority, set by members in the inbox or through PATCH on
-- the web API and /api/v1, and a list filter. A text column with a CHECK (not
-- an enum type) so a value can be added without ALTER TYPE; every existing and
-- new conversation starts as 'normal'. RLS is unchanged: the conversations
-- update policy already decides who may change a row, the column grant below
-- only lets that update name the new column.
alter table public.conversations
  add column priority text not null default 'normal'
    constraint conversations_priority_check check (priority in ('low', 'normal', 'high', 'urgent'));

-- The inbox filtered by priority pages like the unfiltered list (conversations_recent_idx).
create index conversations_priority_idx
  on public.conversations (workspace_id, priority, last_message_at desc nulls last, id);

grant update (priority) on public.conversations to authenticated;
