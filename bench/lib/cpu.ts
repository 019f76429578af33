// CPU seconds used by the processes of one benchmark, read from /proc (Linux),
// so a result can say where a call's cost went: the server under test, its
// PostgreSQL, or the load generator itself.
import { readdirSync, readFileSync } from "node:fs";

export type CpuSnapshot = Map<string, number>;

/** utime + stime of one process in seconds, or 0 once it is gone. */
function processCpu(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks; USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

/** Every process named `postgres` (this benchmark's throwaway server and its backends). */
function postgresCpu(): number {
  let total = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres") total += processCpu(pid);
    } catch {
      // exited between readdir and read
    }
  }
  return total;
}

/** CPU seconds so far of the named processes, PostgreSQL, and this process (the load generator). */
export function cpuSnapshot(servers: Record<string, number | undefined>): CpuSnapshot {
  const snap: CpuSnapshot = new Map();
  for (const [name, pid] of Object.entries(servers)) if (pid) snap.set(name, processCpu(pid));
  snap.set("postgres", postgresCpu());
  const self = process.cpuUsage();
  snap.set("load generator", (self.user + self.system) / 1e6);
  return snap;
}

/** Milliseconds of CPU per operation, by process, between two snapshots. */
export function cpuPerOp(before: CpuSnapshot, after: CpuSnapshot, ops: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, end] of after) {
    out[name] = Math.round(((end - (before.get(name) ?? 0)) * 1000 * 1000) / ops) / 1000;
  }
  return out;
}
