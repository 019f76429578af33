import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export interface Metric {
  name: string;
  unit: "ms" | "ops/s";
  p50?: number;
  p95?: number;
  p99?: number;
  rate?: number;
  baseline?: { name: string; p50?: number; p95?: number; p99?: number; rate?: number };
  /** Measured over baseline, from the same run. */
  ratio?: { p50?: number; p95?: number; rate?: number };
  target?: string;
  /** Operations per second achieved while measuring (closed loop: the saturation rate). */
  throughput?: number;
  /** CPU milliseconds per operation, by process (see lib/cpu.ts). */
  cpuMsPerOp?: Record<string, number>;
  note?: string;
}

export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export async function writeResult(name: string, command: string, metrics: Metric[]) {
  const file = path.join("bench", "results", `${name}.json`);
  await mkdir(path.dirname(file), { recursive: true });
  const body = { name, command, date: new Date().toISOString(), machine: machine(), metrics };
  await writeFile(file, `${JSON.stringify(body, null, 2)}\n`);
  console.log(`wrote ${file}`);
  return body;
}
