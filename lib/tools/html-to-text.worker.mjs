// Runs readHtml for html-to-text-pool.ts off the request event loop. Plain
// JavaScript next to its core so a worker_thread can start it by file path
// with no loader: under tsx, vitest and the Next production build.
import { parentPort } from "node:worker_threads";
import { readHtml } from "./html-to-text-core.mjs";

if (!parentPort) throw new Error("html-to-text.worker.mjs runs only as a worker thread");
const port = parentPort;

port.on("message", (job) => {
  try {
    port.postMessage({ id: job.id, ok: true, result: readHtml(job.html, { maxChars: job.maxChars }) });
  } catch (e) {
    port.postMessage({ id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
port.postMessage({ ready: true });
