// One sandbox thread: user JavaScript runs in QuickJS (WebAssembly), a fresh
// runtime and context per job. Nothing of the host is reachable from inside:
// the only values crossing are JSON strings in, a JSON string out, and log
// lines as strings. Limits, all three: QuickJS's own memory limit, an
// interrupt handler that stops at the CPU deadline or when this thread's
// memory grows past its cap (QuickJS undercounts some strings), and, outside,
// the pool terminating this thread at a wall-clock deadline.
import { parentPort } from "node:worker_threads";
import { getQuickJS } from "quickjs-emscripten";

const QuickJS = await getQuickJS();
parentPort.postMessage({ ready: true });

const MAX_LOG_LINES = 100;
const MAX_LOG_CHARS = 2000;

const PRELUDE = `
"use strict";
const __log = globalThis.__hostLog;
delete globalThis.__hostLog;
const __fmt = (v) => { try { return typeof v === "string" ? v : JSON.stringify(v) ?? String(v); } catch { return String(v); } };
globalThis.console = Object.freeze({
  log: (...a) => __log(a.map(__fmt).join(" ")),
  info: (...a) => __log(a.map(__fmt).join(" ")),
  warn: (...a) => __log(a.map(__fmt).join(" ")),
  error: (...a) => __log(a.map(__fmt).join(" ")),
});
`;

function run(job) {
  const started = Date.now();
  const deadline = started + job.cpuMs;
  const rssCap = process.memoryUsage.rss() + job.memoryBytes * 4;
  let why = null;
  let ticks = 0;
  const runtime = QuickJS.newRuntime();
  runtime.setMemoryLimit(job.memoryBytes);
  runtime.setMaxStackSize(1024 * 1024);
  runtime.setInterruptHandler(() => {
    if (Date.now() > deadline) {
      why = "cpu";
      return true;
    }
    if (++ticks % 64 === 0 && process.memoryUsage.rss() > rssCap) {
      why = "memory";
      return true;
    }
    return false;
  });
  const vm = runtime.newContext();
  const logs = [];
  try {
    const log = vm.newFunction("__hostLog", (h) => {
      if (logs.length < MAX_LOG_LINES) logs.push(String(vm.getString(h)).slice(0, MAX_LOG_CHARS));
    });
    vm.setProp(vm.global, "__hostLog", log);
    log.dispose();
    const input = vm.newString(job.inputJson);
    vm.setProp(vm.global, "__input", input);
    input.dispose();
    const trigger = vm.newString(job.triggerJson);
    vm.setProp(vm.global, "__trigger", trigger);
    trigger.dispose();
    const source = `${PRELUDE}
const $input = JSON.parse(globalThis.__input); delete globalThis.__input;
const $trigger = JSON.parse(globalThis.__trigger); delete globalThis.__trigger;
globalThis.__result = (async () => {
${job.code}
})().then((v) => { const s = JSON.stringify(v === undefined ? null : v); if (typeof s !== "string") throw new TypeError("The code returned a value that is not JSON"); return s; });
`;
    const evaluated = vm.evalCode(source, "code.js");
    if (evaluated.error) {
      const err = describe(vm, evaluated.error);
      evaluated.error.dispose();
      return fail(why, err, logs);
    }
    evaluated.value.dispose();
    // Settle the promise: run its jobs until it is done or a limit stops it.
    for (;;) {
      const pending = runtime.executePendingJobs(-1);
      if (pending.error) {
        const err = describe(vm, pending.error);
        pending.error.dispose();
        return fail(why, err, logs);
      }
      if (pending.value === 0) break;
      if (why) return fail(why, "", logs);
    }
    const resultHandle = vm.getProp(vm.global, "__result");
    const state = vm.getPromiseState(resultHandle);
    resultHandle.dispose();
    if (state.type === "pending")
      return fail(why, "The code's promise never settled (timers and network are not available).", logs);
    if (state.type === "rejected") {
      const err = describe(vm, state.error);
      state.error.dispose();
      return fail(why, err, logs);
    }
    const json = vm.getString(state.value);
    state.value.dispose();
    if (json.length > job.maxOutputChars) {
      return {
        ok: false,
        code: "output",
        message: `The code's result is over ${job.maxOutputChars} characters of JSON.`,
        logs,
      };
    }
    return { ok: true, json, logs, ms: Date.now() - started };
  } catch (e) {
    return fail(why, e instanceof Error ? e.message : "The code could not run.", logs);
  } finally {
    try {
      vm.dispose();
      runtime.dispose();
    } catch {
      // A runtime stopped mid-allocation may not dispose cleanly; the pool replaces this thread.
      parentPort.postMessage({ recycle: true });
    }
  }
}

/** A thrown value as text, produced inside QuickJS (a hostile toString runs there, under the same limits). */
function describe(vm, handle) {
  try {
    const text = vm.evalCode(
      `(e) => { try { return e instanceof Error ? e.name + ": " + e.message : "a non-error value: " + String(e); } catch { return "a value that cannot be shown"; } }`,
    );
    if (text.error) {
      text.error.dispose();
      return "The code threw.";
    }
    const r = vm.callFunction(text.value, vm.undefined, handle);
    text.value.dispose();
    if (r.error) {
      r.error.dispose();
      return "The code threw a value that cannot be shown.";
    }
    const s = String(vm.getString(r.value));
    r.value.dispose();
    return s.slice(0, 500);
  } catch {
    return "The code threw.";
  }
}

function fail(why, message, logs) {
  if (why === "cpu") return { ok: false, code: "cpu", message: "", logs };
  if (
    why === "memory" ||
    /out of memory|string too long|array too long|invalid array buffer length/i.test(message)
  )
    return { ok: false, code: "memory", message: "", logs };
  if (/stack overflow/i.test(message)) return { ok: false, code: "stack", message, logs };
  return { ok: false, code: "threw", message, logs };
}

parentPort.on("message", (job) => {
  let reply;
  try {
    reply = run(job);
  } catch (e) {
    reply = {
      ok: false,
      code: "threw",
      message: e instanceof Error ? e.message : "The code could not run.",
      logs: [],
    };
  }
  parentPort.postMessage({ id: job.id, ...reply });
});
