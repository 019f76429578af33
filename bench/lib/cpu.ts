// CPU seconds used by the processes of one benchmark, read from /proc (Linux),
// so a result can say where a call's cost went: the server under test, its
// PostgreSQL, or the load generator itself.
import { readdirSync, readFileSync } from "node:fs";

export type CpuSnapshot = Map<string, number>;

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime, seconds */
  cpu: number;
}

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // Clock ticks; USER_HZ is 100 on Linux.
      const cpu = (Number(fields[11]) + Number(fields[12])) / 100;
      out.push({ pid: Number(entry), ppid: Number(fields[1]), comm, cpu });
    } catch {
      // exited between readdir and read
    }
  }
  return out;
}

/** A process and everything it started (a server that forks workers counts them too). */
function treeCpu(all: Proc[], root: number): number {
  const children = new Map<number, Proc[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  let total = 0;
  const stack = all.filter((p) => p.pid === root);
  while (stack.length) {
    const p = stack.pop() as Proc;
    if (p.comm === "postgres") continue; // counted apart
    total += p.cpu;
    stack.push(...(children.get(p.pid) ?? []));
  }
  return total;
}

/**
 * CPU seconds so far of the named server processes (with their children),
 * every process named `postgres` (the benchmark's throwaway server and its
 * backends), and this process: the load generator and any fake upstream in it.
 */
export function cpuSnapshot(servers: Record<string, number | undefined>): CpuSnapshot {
  const all = processes();
  const snap: CpuSnapshot = new Map();
  for (const [name, pid] of Object.entries(servers)) if (pid) snap.set(name, treeCpu(all, pid));
  snap.set(
    "postgres",
    all.filter((p) => p.comm === "postgres").reduce((sum, p) => sum + p.cpu, 0),
  );
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
