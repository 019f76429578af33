import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { AppError } from "../errors";
import { logger } from "../logger";
import type { ReadHtmlResult } from "./html-to-text-core.mjs";

/**
 * Untrusted pages are converted in worker threads, never on the event loop
 * that answers every workspace's requests: the conversion is linear, but a
 * 2 MB page still costs tens of milliseconds, and a bug or an input we did not
 * foresee must cost one worker, not the server. A worker that misses the
 * deadline is terminated and the caller gets a clear error.
 */

const WORKER_FILE = "html-to-text.worker.mjs";
const POOL_SIZE = 2;
const MAX_QUEUE = 64;
const DEFAULT_DEADLINE_MS = 2_000;
/** Enough for a 2 MB page and its text several times over; a runaway worker dies, the server does not. */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 };

export const TOO_COMPLEX = "The page is too large or complex to read.";

export interface OffThreadOptions {
  /** Per page, from when a worker starts on it. Default: HTML_PARSE_DEADLINE_MS or 2000. */
  deadlineMs?: number;
  maxChars?: number;
  signal?: AbortSignal;
}

interface Job {
  id: number;
  html: string;
  maxChars?: number;
  deadlineMs: number;
  signal?: AbortSignal;
  resolve: (r: ReadHtmlResult) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
  onAbort?: () => void;
}

type Reply =
  | { ready: true }
  | { id: number; ok: true; result: ReadHtmlResult }
  | { id: number; ok: false; error: string };

const slots = new Set<Slot>();
const queue: Job[] = [];
let nextId = 1;

/** Read per call, like SSRF_ALLOWLIST: operators and tests may change it after start-up. */
function deadlineFromEnv(): number {
  const n = Number(process.env.HTML_PARSE_DEADLINE_MS);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_DEADLINE_MS;
}

/**
 * Next bundles route code into .next/, where import.meta.url no longer points
 * next to the worker file; the source tree under the working directory (the
 * repository root for `npm start`, tests and the MCP server) always has it.
 * The paths are computed at run time so no bundler tries to inline the worker.
 */
function workerPath(): string {
  const candidates: string[] = [];
  try {
    candidates.push(path.join(path.dirname(fileURLToPath(import.meta.url)), WORKER_FILE));
  } catch {
    // import.meta.url is not a file: URL inside some bundles.
  }
  candidates.push(path.join(process.cwd(), "lib", "tools", WORKER_FILE));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`html worker not found (looked in ${candidates.join(", ")})`);
  return found;
}

function spawn(): Slot {
  const worker = new Worker(workerPath(), { resourceLimits: RESOURCE_LIMITS });
  // An idle worker must not keep the process alive; a running job's deadline timer does.
  worker.unref();
  const slot: Slot = { worker, ready: false };
  worker.on("message", (msg: Reply) => {
    if ("ready" in msg) {
      slot.ready = true;
      return pump();
    }
    const job = slot.job;
    if (!job || job.id !== msg.id) return;
    finish(slot);
    if (msg.ok) job.resolve(msg.result);
    else
      job.reject(new AppError("bad_request", "The page could not be read.", { cause: new Error(msg.error) }));
    pump();
  });
  // Out of memory (resourceLimits) or a crash: that page is the cause, the pool carries on.
  worker.on("error", (err) => fail(slot, new AppError("bad_request", TOO_COMPLEX, { cause: err })));
  worker.on("exit", (code) =>
    fail(slot, new AppError("bad_request", TOO_COMPLEX, { cause: { exitCode: code } })),
  );
  slots.add(slot);
  return slot;
}

function finish(slot: Slot): void {
  if (slot.timer) clearTimeout(slot.timer);
  if (slot.onAbort) slot.job?.signal?.removeEventListener("abort", slot.onAbort);
  slot.timer = undefined;
  slot.onAbort = undefined;
  slot.job = undefined;
}

/** Drops a worker that failed or was killed, and fails its job with `error`. */
function fail(slot: Slot, error: unknown): void {
  if (!slots.delete(slot)) return;
  const job = slot.job;
  finish(slot);
  void slot.worker.terminate().catch(() => undefined);
  if (job) job.reject(error);
  pump();
}

function start(slot: Slot, job: Job): void {
  slot.job = job;
  slot.timer = setTimeout(() => {
    logger.warn(
      { deadlineMs: job.deadlineMs, chars: job.html.length },
      "html: conversion over its deadline, worker terminated",
    );
    fail(slot, new AppError("bad_request", TOO_COMPLEX));
  }, job.deadlineMs);
  if (job.signal) {
    const signal = job.signal;
    slot.onAbort = () => fail(slot, signal.reason);
    signal.addEventListener("abort", slot.onAbort, { once: true });
  }
  slot.worker.postMessage({ id: job.id, html: job.html, maxChars: job.maxChars });
}

function pump(): void {
  while (queue.length > 0) {
    const idle = [...slots].find((s) => s.ready && !s.job);
    if (!idle) {
      if (slots.size < POOL_SIZE) spawn();
      return;
    }
    const job = queue.shift() as Job;
    if (job.signal?.aborted) {
      job.reject(job.signal.reason);
      continue;
    }
    start(idle, job);
  }
}

/** readHtml in a worker thread, bounded in time: a clear AppError instead of a stuck server. */
export function readHtmlOffThread(html: string, opts: OffThreadOptions = {}): Promise<ReadHtmlResult> {
  if (opts.signal?.aborted) return Promise.reject(opts.signal.reason);
  if (queue.length >= MAX_QUEUE) {
    return Promise.reject(new AppError("unavailable", "Too many pages are being read right now; try again."));
  }
  return new Promise<ReadHtmlResult>((resolve, reject) => {
    queue.push({
      id: nextId++,
      html,
      maxChars: opts.maxChars,
      deadlineMs: opts.deadlineMs ?? deadlineFromEnv(),
      signal: opts.signal,
      resolve,
      reject,
    });
    try {
      pump();
    } catch (e) {
      // The worker file is missing or cannot start: a deployment fault, logged with its cause.
      queue.pop();
      logger.error({ err: e }, "html: cannot start a worker");
      reject(new AppError("internal", "The page reader is not available.", { cause: e }));
    }
  });
}

/** For tests and shutdown: stops every worker; queued pages fail. */
export async function closeHtmlWorkers(): Promise<void> {
  for (const job of queue.splice(0)) job.reject(new AppError("unavailable", "The page reader was stopped."));
  await Promise.all(
    [...slots].map((slot) => {
      fail(slot, new AppError("unavailable", "The page reader was stopped."));
      return slot.worker.terminate().catch(() => undefined);
    }),
  );
}
