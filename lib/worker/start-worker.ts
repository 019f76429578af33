import { EventEmitter } from "node:events";
import { type Runner, run, type TaskList, type WorkerEvents } from "graphile-worker";
import { channelDeliverTask } from "../channels/deliver-job";
import { channelPruneTask } from "../channels/prune-job";
import { channelReplyTask } from "../channels/reply-job";
import type { Database } from "../db/client";
import { flowPruneTask, flowRunTask } from "../flows/engine";
import { flowEventTask } from "../flows/triggers/events";
import { startScheduleLoop } from "../flows/triggers/schedule";
import { startLiveness } from "./liveness";
import { billingReportUsage } from "./tasks/billing-report-usage";
import { cleanupAuth } from "./tasks/cleanup-auth";
import { gcJobQueuesTask } from "./tasks/gc-job-queues";
import { ensureMessagePartitions, maintainPartitions } from "./tasks/maintain-partitions";
import { refreshUsageMonthly } from "./tasks/refresh-usage-monthly";

export function taskList(db: Database): TaskList {
  return {
    // The benchmarks' floor: a job that does nothing, to measure the bare queue (bench/flows.bench.ts).
    ...(process.env.WORKER_BENCH_NOOP === "1" ? { bench_noop: async () => {} } : {}),
    billing_report_usage: billingReportUsage(db),
    channel_deliver: channelDeliverTask(db),
    channel_prune: channelPruneTask(db),
    channel_reply: channelReplyTask(db),
    cleanup_auth: cleanupAuth(db),
    flow_event: flowEventTask(db),
    flow_prune: flowPruneTask(db),
    flow_run: flowRunTask(db),
    gc_job_queues: gcJobQueuesTask(db),
    maintain_partitions: maintainPartitions(db),
    refresh_usage_monthly: refreshUsageMonthly(db),
  };
}

export const crontab = [
  "15 3 * * * cleanup_auth ?max=1",
  "5 0 * * * maintain_partitions ?max=3",
  "40 3 * * * flow_prune ?max=1",
  "50 3 * * * channel_prune ?max=1",
  "*/15 * * * * refresh_usage_monthly ?max=1",
  "7,37 * * * * billing_report_usage ?max=3",
  // Graphile's named queues (one per channel conversation) would otherwise pile up: tasks/gc-job-queues.ts.
  "* * * * * gc_job_queues ?max=1",
].join("\n");

/** WORKER_LOCAL_QUEUE=0 turns the local queue off (one fetch per job, as graphile does by default). */
function localQueueSize(concurrency: number): number {
  const v = process.env.WORKER_LOCAL_QUEUE;
  return v === undefined || v === "" ? concurrency : Number(v) > 0 ? Number(v) : -1;
}

export async function startWorker(opts: {
  connectionString: string;
  db: Database;
  concurrency?: number;
}): Promise<Runner> {
  // At start-up too, not only on the daily schedule: a fresh install may start mid-month.
  await ensureMessagePartitions(opts.db);
  const events: WorkerEvents = new EventEmitter();
  const liveness = startLiveness(events, opts.connectionString);
  const runner = await run({
    events,
    connectionString: opts.connectionString,
    concurrency: opts.concurrency ?? 4,
    maxPoolSize: Math.max(10, (opts.concurrency ?? 4) + 2),
    noHandleSignals: true,
    pollInterval: 2000,
    // Batching (graphile's "performance" docs): the pool locks up to `concurrency` ready jobs in
    // one query and hands them out without a round trip each. liveness.ts counts jobs held in
    // this local queue as its own, not as leaked.
    preset: {
      worker: {
        localQueue: { size: localQueueSize(opts.concurrency ?? 4) },
        // Batched completions (0 ms) cost ~4 ms of add → start latency at low load here, for no
        // throughput gain (bench/flows.bench.ts): off unless WORKER_COMPLETE_BATCH_MS says otherwise.
        completeJobBatchDelay: Number(process.env.WORKER_COMPLETE_BATCH_MS ?? -1),
        failJobBatchDelay: Number(process.env.WORKER_COMPLETE_BATCH_MS ?? -1),
      },
    },
    taskList: taskList(opts.db),
    crontab,
  });
  liveness.start();
  // Flow schedules tick at second granularity, finer than graphile's crontab: a loop beside the runner.
  const schedules = startScheduleLoop();
  const stopRunner = runner.stop.bind(runner);
  runner.stop = async () => {
    await liveness.stop();
    await schedules.stop();
    await stopRunner();
  };
  return runner;
}
