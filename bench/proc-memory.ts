import fs from 'node:fs';
import type { ErpCpu } from './report';

/** Reads VmRSS / VmHWM (kB) of a process from /proc; undefined once it has exited or off Linux. */
function readMemory(pid: number): { rssKib?: number; hwmKib?: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => {
      const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) : undefined;
    };
    return { rssKib: field('VmRSS'), hwmKib: field('VmHWM') };
  } catch {
    return {};
  }
}

/** Samples VmRSS periodically; VmHWM (the kernel's own peak) is read once at the end. */
export class RssSampler {
  private peakKib = 0;
  private samples = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    everyMs = 500,
  ) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
    this.sample();
  }

  private sample(): void {
    const { rssKib } = readMemory(this.pid);
    if (rssKib === undefined) return;
    this.samples += 1;
    this.peakKib = Math.max(this.peakKib, rssKib);
  }

  /** Call while the process still runs, so VmHWM can be read. */
  stop(): { sampledPeakKib?: number; hwmKib?: number; samples: number } {
    this.sample();
    clearInterval(this.timer);
    return { sampledPeakKib: this.samples ? this.peakKib : undefined, hwmKib: readMemory(this.pid).hwmKib, samples: this.samples };
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; undefined off Linux. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks (100/s).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds used so far by every process with one of these names (/proc/<pid>/comm, e.g. `php`, `mariadbd`): what a
 * local Dolibarr spends. Processes that ended since the last reading are not counted; undefined off Linux.
 */
export function namedProcessesCpuSeconds(names: string[]): number | undefined {
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  let total = 0;
  for (const pid of pids) {
    let comm: string;
    try {
      comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (names.includes(comm)) total += cpuSeconds(Number(pid)) ?? 0;
  }
  return total;
}

/** Starts counting the CPU of the local ERP processes (`--erp-processes`); the returned function reads the span so far. */
export function erpCpuSpan(names: string[] | undefined): () => ErpCpu | undefined {
  const start = names && namedProcessesCpuSeconds(names);
  return () => {
    const end = names && namedProcessesCpuSeconds(names);
    return names && start !== undefined && end !== undefined ? { processes: names, seconds: end - start } : undefined;
  };
}
