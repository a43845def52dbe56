/** What the benches say about the machine they ran on, and how busy it was meanwhile. */
import fs from 'node:fs';
import os from 'node:os';

export function describeMachine(): string {
  const cpu = os.cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Linux ${os.release()}, Node ${process.version}`;
}

type CpuTimes = { busy: number; total: number };

function cpuTimes(): CpuTimes {
  // /proc/stat's first line: user nice system idle iowait irq softirq steal … (in ticks).
  const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const idle = fields[3] + fields[4];
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/**
 * CPU time of a set of live processes (all of their trees), in ticks: each one's own, and
 * what its children that ended took (cutime, cstime: pgbench, PostgreSQL backends that
 * closed). Summed over every live process of the trees, each tick is counted once.
 */
function processTicks(pids: number[]): number {
  let ticks = 0;
  for (const pid of new Set(pids)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]); // utime, stime, cutime, cstime
    } catch {
      // gone
    }
  }
  return ticks;
}

/** Every process on the machine that is not ours: what other work took meanwhile. */
export type Load = { loadAverage: number; busyPercent: number; othersPercent: number | null };

/**
 * Measures how busy the machine was while `work` ran: the whole machine's CPU (of all its
 * cores, in %), and the share of it taken by processes other than `ours()` (the bench,
 * the app, PostgreSQL) when given.
 */
export async function measuringLoad<T>(work: () => Promise<T>, ours?: () => number[]): Promise<{ result: T; load: Load }> {
  const before = cpuTimes();
  const oursBefore = ours ? processTicks(ours()) : 0;
  const result = await work();
  const after = cpuTimes();
  const total = after.total - before.total || 1;
  const busy = after.busy - before.busy;
  // /proc/stat counts every core's ticks; /proc/<pid>/stat counts a process's ticks the same way.
  const oursTicks = ours ? processTicks(ours()) - oursBefore : 0;
  return {
    result,
    load: {
      loadAverage: os.loadavg()[0],
      busyPercent: (100 * busy) / total,
      othersPercent: ours ? Math.max(0, (100 * (busy - oursTicks)) / total) : null,
    },
  };
}

export function describeLoad(load: Load): string {
  const others = load.othersPercent === null ? '' : `, other work on the machine ${load.othersPercent.toFixed(0)} %`;
  return `CPU busy ${load.busyPercent.toFixed(0)} % of ${os.cpus().length} cores${others}, load average ${load.loadAverage.toFixed(1)}`;
}

/** A process and all its descendants. */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    for (const task of safeReaddir(`/proc/${out[i]}/task`)) {
      const children = safeRead(`/proc/${out[i]}/task/${task}/children`).trim();
      if (children) out.push(...children.split(/\s+/).map(Number));
    }
  }
  return out;
}

/** Resident memory of a process now and at its peak (VmRSS, VmHWM), in MiB. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = safeRead(`/proc/${pid}/status`);
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** The PostgreSQL processes of the cluster whose postmaster has this pid (the backends are its children). */
export function postgresPids(postmasterPid: number | undefined): number[] {
  return postmasterPid ? processTree(postmasterPid) : [];
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function safeRead(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
