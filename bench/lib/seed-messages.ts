// Bulk seed for the chat benchmarks: workspaces with one owner each,
// conversations in their web inbox, and messages spread over the last months,
// written server-side with `insert ... select generate_series`.
//
// Shortcuts, all on a throwaway database and all undone or accounted for:
// - users, workspaces and memberships go through the normal triggers;
// - conversations and messages are written with session_replication_role =
//   replica, which skips every trigger (message_index, usage, notify) and the
//   foreign-key checks: the generator assigns message_index 1..n itself, and
//   afterwards each conversation's message_count and last_message_at are set
//   from the messages (usage_daily is not filled: no benchmark reads it);
// - messages' four indexes are dropped for the load and rebuilt after it,
//   checked against their original definitions;
// - max_wal_size is raised so the load is not one checkpoint after another.
import pg from "pg";

export interface HistoryShape {
  workspaces: number;
  conversations: number;
  messages: number;
  /** created_at spans this many days back from now. */
  days: number;
}

export interface BenchConversation {
  id: string;
  workspaceId: string;
  ownerId: string;
  ownerEmail: string;
}

export interface SeedReport {
  seconds: Record<string, number>;
  totalSeconds: number;
  partitions: Record<string, number>;
}

type Log = (msg: string) => void;

async function session(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`set synchronous_commit = off; set maintenance_work_mem = '1GB'; set timezone = 'UTC';
    set max_parallel_maintenance_workers = 2; set work_mem = '256MB'`);
  return c;
}

async function timed(seconds: Record<string, number>, step: string, log: Log, fn: () => Promise<unknown>) {
  const t0 = performance.now();
  await fn();
  seconds[step] = Math.round((performance.now() - t0) / 100) / 10;
  log(`  ${step}: ${seconds[step]} s`);
}

/** Index and primary-key definitions of public.messages, to drop and rebuild identically. */
async function messageIndexes(c: pg.Client) {
  const { rows } = await c.query<{ name: string; def: string; pkey: boolean }>(
    `select i.relname as name, pg_get_indexdef(i.oid) as def, x.indisprimary as pkey
     from pg_index x join pg_class i on i.oid = x.indexrelid
     where x.indrelid = 'public.messages'::regclass order by 1`,
  );
  return rows;
}

export async function seedHistory(
  url: string,
  shape: HistoryShape,
  log: Log = console.log,
): Promise<SeedReport> {
  const seconds: Record<string, number> = {};
  const t0 = performance.now();
  const c = await session(url);
  try {
    await c.query("alter system set max_wal_size = '16GB'");
    await c.query("alter system set checkpoint_timeout = '30min'");
    await c.query("select pg_reload_conf()");

    await timed(seconds, "partitions", log, async () => {
      // The worker would have created the older months when they were current.
      await c.query(`do $$ declare m date; begin
        for m in select generate_series(date_trunc('month', now() - make_interval(days => ${shape.days})),
                                        date_trunc('month', now()), interval '1 month')::date loop
          if to_regclass('partitions.messages_' || to_char(m, 'YYYY_MM')) is null then
            execute format('create table partitions.%I partition of public.messages for values from (%L) to (%L)',
              'messages_' || to_char(m, 'YYYY_MM'), m, (m + interval '1 month')::date);
          end if;
        end loop; end $$`);
    });

    await timed(seconds, "workspaces", log, async () => {
      await c.query("begin");
      await c.query(
        `insert into auth.users (email, email_confirmed_at)
         select 'owner-' || g || '@bench.test', now() from generate_series(1, $1) g`,
        [shape.workspaces],
      );
      await c.query(
        `insert into public.workspaces (name, slug, created_by)
         select 'Bench ' || g, 'bench-' || g, u.id from generate_series(1, $1) g
         join auth.users u on u.email = 'owner-' || g || '@bench.test'`,
        [shape.workspaces],
      );
      await c.query(
        `insert into public.workspace_members (workspace_id, user_id, role)
         select id, created_by, 'owner' from public.workspaces where slug like 'bench-%'`,
      );
      await c.query("commit");
    });

    await c.query("set session_replication_role = replica");
    await timed(seconds, "conversations", log, async () => {
      const perWorkspace = Math.ceil(shape.conversations / shape.workspaces);
      await c.query(`create schema if not exists bench;
        create unlogged table bench.conv (n int primary key, id uuid not null, workspace_id uuid not null,
          inbox_id uuid not null)`);
      await c.query(
        `insert into bench.conv (n, id, workspace_id, inbox_id)
         select row_number() over (order by w.slug, g) - 1, gen_random_uuid(), w.id, i.id
         from public.workspaces w join public.inboxes i on i.workspace_id = w.id and i.channel = 'web'
         cross join generate_series(1, $1) g where w.slug like 'bench-%'
         order by w.slug, g limit $2`,
        [perWorkspace, shape.conversations],
      );
      await c.query(
        `insert into public.conversations (id, workspace_id, inbox_id, title, created_by, created_at)
         select v.id, v.workspace_id, v.inbox_id, 'Conversation ' || v.n, w.created_by,
                now() - make_interval(days => $1)
         from bench.conv v join public.workspaces w on w.id = v.workspace_id`,
        [shape.days],
      );
    });

    const indexes = await messageIndexes(c);
    await timed(seconds, "drop message indexes", log, async () => {
      for (const ix of indexes) {
        await c.query(
          ix.pkey ? `alter table public.messages drop constraint ${ix.name}` : `drop index public.${ix.name}`,
        );
      }
    });

    await timed(seconds, "messages", log, () => loadMessages(url, shape));

    await timed(seconds, "rebuild message indexes", log, async () => {
      for (const ix of indexes) {
        await c.query(
          ix.pkey
            ? `alter table public.messages add constraint ${ix.name} primary key (id, created_at)`
            : ix.def.replace(" ON ONLY ", " ON "),
        );
      }
      const rebuilt = await messageIndexes(c);
      if (JSON.stringify(rebuilt) !== JSON.stringify(indexes)) {
        throw new Error(`rebuilt indexes differ:\n${JSON.stringify({ indexes, rebuilt }, null, 2)}`);
      }
    });

    await timed(seconds, "conversation counters", log, async () => {
      // What the triggers would have left: the count and the newest message.
      await c.query(`update public.conversations c set message_count = m.n, last_message_at = m.last
        from (select conversation_id, count(*)::int as n, max(created_at) as last
              from public.messages group by 1) m
        where m.conversation_id = c.id`);
    });
    await c.query("set session_replication_role = origin; drop schema bench cascade");

    await timed(seconds, "vacuum analyze", log, () =>
      c.query("vacuum (analyze) public.messages, public.conversations, public.workspace_members"),
    );
    const { rows } = await c.query<{ part: string; n: string }>(
      `select tableoid::regclass::text as part, count(*) as n from public.messages group by 1 order by 1`,
    );
    return {
      seconds,
      totalSeconds: Math.round((performance.now() - t0) / 100) / 10,
      partitions: Object.fromEntries(rows.map((r) => [r.part, Number(r.n)])),
    };
  } finally {
    await c.end();
  }
}

/**
 * Message g (0-based) is number g / C + 1 of conversation g % C, so every
 * conversation gets its messages in order, and created_at grows with g from
 * `days` ago to now: the load fills one month partition after another.
 * Two sessions (one per core) each load alternate slices.
 */
async function loadMessages(url: string, shape: HistoryShape): Promise<void> {
  const slice = 1_000_000;
  const slices: [number, number][] = [];
  for (let lo = 0; lo < shape.messages; lo += slice)
    slices.push([lo, Math.min(shape.messages, lo + slice) - 1]);
  const lanes = 2;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      const c = await session(url);
      try {
        await c.query("set session_replication_role = replica");
        for (let s = lane; s < slices.length; s += lanes) {
          const [lo, hi] = slices[s] as [number, number];
          await c.query(
            `insert into public.messages (workspace_id, conversation_id, inbox_id, message_index, role, parts,
               model, input_tokens, output_tokens, cost, latency_first_token_ms, latency_total_ms, created_at)
             select v.workspace_id, v.id, v.inbox_id, (g / $3)::int + 1,
               case when g / $3 % 2 = 0 then 'user' else 'assistant' end::public.message_role,
               jsonb_build_array(jsonb_build_object('type', 'text', 'text', 'message ' || (g / $3 + 1))),
               case when g / $3 % 2 = 1 then 'gpt-4o-mini' end,
               case when g / $3 % 2 = 1 then 400 else 0 end, case when g / $3 % 2 = 1 then 120 else 0 end,
               case when g / $3 % 2 = 1 then 0.000132 else 0 end,
               case when g / $3 % 2 = 1 then 600 end, case when g / $3 % 2 = 1 then 2400 end,
               now() - make_interval(days => $4) + make_interval(secs => $4 * 86400.0 * g / $5)
             from generate_series($1::bigint, $2::bigint) g join bench.conv v on v.n = g % $3`,
            [lo, hi, shape.conversations, shape.days, shape.messages],
          );
        }
      } finally {
        await c.end();
      }
    }),
  );
}
