import os from 'node:os';
import type { OperatorRecord } from './operators';

/** The soak's figures, and the summary BENCHMARKS.md keeps of them under "Soak". */
export type SoakFigures = {
  options: { durationMs: number; paymentTimeoutSeconds: number; sweepIntervalSeconds: number; clients: number; stock: number; poolSize: number };
  database: string;
  products: string[];
  requests: [string, string, number][];
  requestTotal: number;
  ordersByStatus: Record<string, number>;
  client: { created: number; paid: number; cancelled: number; refunded: number; completed: number; leftUnpaid: number; matching: number };
  operators: Record<string, OperatorRecord>;
  kill: { at: number; serverBackAfterMs: number; workerBackAfterMs: number; rescued: string };
  callbacks: { due: number; received: number; repeats: number; deliveries: number; superseded: number; refused: number; byType: Record<string, number> };
  invariants: { rules: number; breaches: number; checkExit: number };
  /** The machine while the load ran: 1-minute load average and CPU busy share, sampled every few seconds. */
  machine: { cores: number; loadMin: number; loadMean: number; loadMax: number; busyPercent: number; samples: number };
  elapsedMs: number;
  problems: number;
};

const STATUSES = ['pending_payment', 'paid', 'shipped', 'completed', 'cancelled', 'expired', 'refunded'];

/**
 * Samples the machine's load every few seconds until stopped: the soak runs on shared
 * machines, and its figures mean little without what else was running.
 */
export function sampleMachine(everyMs = 5_000) {
  const loads: number[] = [];
  const cpuTimes = () => os.cpus().reduce((t, c) => ({ idle: t.idle + c.times.idle, all: t.all + Object.values(c.times).reduce((a, b) => a + b, 0) }), { idle: 0, all: 0 });
  const first = cpuTimes();
  const sample = () => loads.push(os.loadavg()[0]);
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    stop(): SoakFigures['machine'] {
      clearInterval(timer);
      sample();
      const last = cpuTimes();
      const all = last.all - first.all;
      return {
        cores: os.cpus().length,
        loadMin: Math.min(...loads),
        loadMax: Math.max(...loads),
        loadMean: loads.reduce((a, b) => a + b, 0) / loads.length,
        busyPercent: all > 0 ? (100 * (all - (last.idle - first.idle))) / all : 0,
        samples: loads.length,
      };
    },
  };
}

export function summarize(f: SoakFigures): string {
  const cpu = os.cpus();
  const seconds = f.options.durationMs / 1000;
  const requests = f.requests.map(([op, outcome, n]) => `| ${op} | ${outcome} | ${n} |`);
  const shipped = Object.entries(f.operators).map(([who, r]) => `${who} shipped ${r.shipped} packages, restocked ${r.restocked} times`).join('; ');
  return [
    '<!-- soak:start (written by `npm run soak`) -->',
    `Last run: ${new Date().toISOString()} on ${cpu.length} × ${cpu[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${f.database}. Command: \`npm run soak\` (${seconds} s of load; ${(f.elapsedMs / 1000).toFixed(0)} s in all with start-up and drain).`,
    '',
    `Two app servers (\`scripts/start.ts\`, \`RUN_WORKER=false\`, ${f.options.poolSize} connections each) and two workers (\`npm run worker\`), each in a process group of its own, on one PostgreSQL. ` +
      `${f.options.clients} mall clients (the typed client, both demo distributors, half to each server) on ${f.products.length} shared products (${f.products.join(', ')}; stock ${f.options.stock} each), ` +
      `staff and both suppliers shipping and restocking through their portals (tRPC over HTTP, signed in). Payment timeout ${f.options.paymentTimeoutSeconds} s, sweeps every ${f.options.sweepIntervalSeconds} s.`,
    '',
    `The machine meanwhile (${f.machine.samples} samples while the load ran): 1-minute load average ${f.machine.loadMin.toFixed(1)} to ${f.machine.loadMax.toFixed(1)} (mean ${f.machine.loadMean.toFixed(1)}) on ${f.machine.cores} cores, CPUs ${f.machine.busyPercent.toFixed(0)}% busy; the soak's own processes (PostgreSQL, 2 servers, 2 workers, the clients) and whatever else ran on the machine.`,
    '',
    `At ${f.kill.at} s: SIGKILL to the process groups of app server A and worker A, both started again: server A answered again ${(f.kill.serverBackAfterMs / 1000).toFixed(1)} s after the kill, worker A ran again after ${(f.kill.workerBackAfterMs / 1000).toFixed(1)} s. ` +
      `Jobs the killed worker held: ${f.kill.rescued || 'none held at the moment of the kill'}.`,
    '',
    `**Result: ${f.problems === 0 ? 'no problems' : `${f.problems} problems`}.** \`npm run check\` exited ${f.invariants.checkExit}: ${f.invariants.breaches === 0 ? `all ${f.invariants.rules} invariants hold` : `${f.invariants.breaches} breaches`}.`,
    '',
    `Orders by final state: ${STATUSES.filter((s) => f.ordersByStatus[s]).map((s) => `${s} ${f.ordersByStatus[s]}`).join(', ')}.`,
    '',
    `The clients' own record against the database: ${f.client.created} orders they were told were created, ${f.client.paid} paid, ${f.client.cancelled} cancelled, ${f.client.refunded} refunded, ${f.client.completed} confirmed received, ${f.client.leftUnpaid} left unpaid to expire; ${f.client.matching} of ${f.client.created} in the state the client's last answer implies. ${shipped}.`,
    '',
    `Callbacks: ${f.callbacks.due} events due, ${f.callbacks.received} reached their mall's receiver, verified with standardwebhooks, under their own id (webhook-id = event id); ${f.callbacks.repeats} arrived again under the same id, a repeat the receiver dedupes (at least once: a try cut short by the kill is sent again). The hub's delivery log holds ${f.callbacks.deliveries} tries answered 2xx (a try cut short is not in it); ${f.callbacks.refused} refused; ${f.callbacks.superseded} stock events superseded by a newer one before sending (never due). By type: ${Object.entries(f.callbacks.byType).map(([t, n]) => `${t} ${n}`).join(', ')}.`,
    '',
    `Requests (${f.requestTotal} in all, retries counted as the servers saw them):`,
    '',
    '| request | answer | count |',
    '|---|---|---|',
    ...requests,
    '<!-- soak:end -->',
  ].join('\n');
}
