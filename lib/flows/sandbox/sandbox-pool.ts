import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { AppError } from "../../errors";
import { logger } from "../../logger";
import type { Json } from "../graph-schema";

/**
 * Runs user JavaScript (the code node) in QuickJS inside worker threads
 * (sandbox.worker.mjs), never on the event loop that runs flows and answers
 * requests. Each thread has V8 resource limits; each job a CPU deadline
 * (QuickJS interrupt), a memory limit, and a wall-clock deadline after which
 * the thread is terminated and replaced. A failure is an AppError whose
 * message is safe to show; the host never evaluates anything the code made.
 */

const WORKER_FILE = "sandbox.worker.mjs";
const POOL_SIZE = 2;
const MAX_QUEUE = 256;
/** Beyond the CPU budget: the time a thread may take to notice and answer before it is killed. */
const WALL_GRACE_MS = 1000;
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 };
export const MAX_INPUT_CHARS = 1_000_000;

export interface CodeJob {
  code: string;
  input: Json;
  trigger: Json;
  timeoutMs: number;
  memoryMb: number;
  maxOutputChars?: number;
  signal?: AbortSignal;
}

export interface CodeResult {
  result: Json;
  logs: string[];
  ms: number;
}

type Reply =
  | { ready: true }
  | { recycle: true }
  | { id: number; ok: true; json: string; logs: string[]; ms: number }
  | { id: number; ok: false; code: string; message: string; logs: string[] };

interface Pending {
  id: number;
  payload: Record<string, unknown>;
  job: CodeJob;
  resolve: (r: CodeResult) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  recycle: boolean;
  job?: Pending;
  timer?: NodeJS.Timeout;
}

const slots = new Set<Slot>();
const queue: Pending[] = [];
let nextId = 1;

function workerPath(): string {
  const candidates: string[] = [];
  try {
    candidates.push(path.join(path.dirname(fileURLToPath(import.meta.url)), WORKER_FILE));
  } catch {
    // import.meta.url is not a file: URL inside some bundles.
  }
  candidates.push(path.join(process.cwd(), "lib", "flows", "sandbox", WORKER_FILE));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`${WORKER_FILE} not found`);
  return found;
}

function spawn(): Slot {
  const slot: Slot = {
    worker: new Worker(workerPath(), { resourceLimits: RESOURCE_LIMITS, stdout: true, stderr: true }),
    ready: false,
    recycle: false,
  };
  slot.worker.unref();
  slot.worker.on("message", (msg: Reply) => {
    if ("ready" in msg) {
      slot.ready = true;
      pump();
      return;
    }
    if ("recycle" in msg) {
      slot.recycle = true;
      return;
    }
    const job = slot.job;
    if (!job || job.id !== msg.id) return;
    finish(slot);
    if (msg.ok) {
      try {
        job.resolve({ result: JSON.parse(msg.json) as Json, logs: msg.logs, ms: msg.ms });
      } catch (e) {
        job.reject(new AppError("bad_request", "The code's result is not JSON.", { cause: e }));
      }
    } else job.reject(codeError(msg.code, msg.message, job.job));
    if (slot.recycle) replace(slot);
    pump();
  });
  slot.worker.on("error", (err) => {
    logger.warn({ err }, "flows: a sandbox thread failed");
    const job = slot.job;
    finish(slot);
    // V8 resource limits: the thread ran out of heap.
    job?.reject(codeError("memory", "", job.job));
    replace(slot);
    pump();
  });
  slot.worker.on("exit", () => {
    if (slots.has(slot)) {
      const job = slot.job;
      finish(slot);
      job?.reject(codeError("memory", "", job.job));
      slots.delete(slot);
      pump();
    }
  });
  slots.add(slot);
  return slot;
}

function finish(slot: Slot) {
  clearTimeout(slot.timer);
  slot.timer = undefined;
  slot.job = undefined;
}

function replace(slot: Slot) {
  slots.delete(slot);
  void slot.worker.terminate();
}

function codeError(code: string, message: string, job: CodeJob): AppError {
  switch (code) {
    case "cpu":
    case "wall":
      return new AppError("bad_request", `Code took longer than ${job.timeoutMs} ms.`);
    case "memory":
      return new AppError("bad_request", `Code used more than ${job.memoryMb} MB.`);
    case "stack":
      return new AppError("bad_request", "Code recursed too deeply.");
    case "output":
      return new AppError("bad_request", message);
    default:
      return new AppError("bad_request", `Code threw: ${message || "an error"}`);
  }
}

function pump() {
  while (slots.size < POOL_SIZE) spawn();
  for (const slot of slots) {
    if (!slot.ready || slot.job) continue;
    const job = queue.shift();
    if (!job) return;
    if (job.job.signal?.aborted) {
      job.reject(job.job.signal.reason);
      continue;
    }
    slot.job = job;
    slot.timer = setTimeout(() => {
      // Past the CPU deadline and the grace: the thread is stuck in native code. Kill it.
      const stuck = slot.job;
      finish(slot);
      stuck?.reject(codeError("wall", "", stuck.job));
      replace(slot);
      pump();
    }, job.job.timeoutMs + WALL_GRACE_MS);
    slot.worker.postMessage(job.payload);
  }
}

export function runCode(job: CodeJob): Promise<CodeResult> {
  const inputJson = JSON.stringify(job.input ?? null);
  const triggerJson = JSON.stringify(job.trigger ?? null);
  if (inputJson.length + triggerJson.length > MAX_INPUT_CHARS) {
    return Promise.reject(new AppError("payload_too_large", "The code node's input is over 1 MB of JSON."));
  }
  if (queue.length >= MAX_QUEUE) {
    return Promise.reject(
      new AppError("unavailable", "Too many code nodes are waiting to run; try again shortly.", {
        retryAfterSeconds: 5,
      }),
    );
  }
  return new Promise<CodeResult>((resolve, reject) => {
    const id = nextId++;
    queue.push({
      id,
      job,
      resolve,
      reject,
      payload: {
        id,
        code: job.code,
        inputJson,
        triggerJson,
        cpuMs: job.timeoutMs,
        memoryBytes: job.memoryMb * 1024 * 1024,
        maxOutputChars: job.maxOutputChars ?? 1_000_000,
      },
    });
    pump();
  });
}

/** Stops every thread (tests, shutdown). */
export async function closeSandbox(): Promise<void> {
  const all = [...slots];
  slots.clear();
  await Promise.all(all.map((s) => s.worker.terminate()));
}
