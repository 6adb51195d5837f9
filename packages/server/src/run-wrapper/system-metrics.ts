/**
 * Samples the wrapped command's resource use every few seconds as ordinary `sys/*` series: cpu % and resident
 * memory of its whole process tree (DataLoader workers included), and utilisation and memory of NVIDIA GPUs
 * when `nvidia-smi` is there. A sampler that fails once is switched off quietly; the run goes on without it.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import pidtree from 'pidtree';

/** One sampled value of a `sys/*` series. */
export interface SystemPoint {
  key: string;
  value: number;
}

interface PidStats {
  /** Percent of one core (up to 100 × cores). */
  cpu: number;
  /** Resident set size, bytes. */
  memory: number;
}

type PidUsage = ((pids: number[]) => Promise<Record<string, PidStats | undefined>>) & { clear(): void };

// pidusage is CommonJS without type declarations; this is the part of its API used here
const pidusage = createRequire(import.meta.url)('pidusage') as PidUsage;

export interface SystemSamplerOptions {
  /** The wrapped command's pid: the root of the process tree measured. */
  pid: number;
  /** Time between samples, ms. The first sample is taken at once. */
  intervalMs: number;
  /** Receives each sample; `step` counts samples from 0, `time` is ms since epoch. */
  onSample(points: SystemPoint[], step: number, time: number): void;
  /** The nvidia-smi executable, or false to skip GPUs. Default `nvidia-smi` from PATH. */
  nvidiaSmi?: string | false;
  /** Longest a single sampling command may take, ms. Default 5,000. */
  commandTimeoutMs?: number;
}

export interface SystemSampler {
  /** Stops sampling; resolves once a sample in progress has finished. */
  stop(): Promise<void>;
}

type Probe = () => Promise<SystemPoint[]>;

const MIB = 1024 * 1024;

export function startSystemSampler(options: SystemSamplerOptions): SystemSampler {
  const timeoutMs = options.commandTimeoutMs ?? 5000;
  const probes = new Set<Probe>([processTreeProbe(options.pid)]);
  if (options.nvidiaSmi !== false) probes.add(nvidiaSmiProbe(options.nvidiaSmi ?? 'nvidia-smi', timeoutMs));
  let step = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  const sample = async () => {
    const time = Date.now();
    const results = await Promise.all(
      [...probes].map(async (probe) => {
        try {
          return await probe();
        } catch {
          probes.delete(probe);
          return [];
        }
      }),
    );
    const points = results.flat();
    if (points.length > 0 && !stopped) options.onSample(points, step++, time);
  };
  const loop = () => {
    if (stopped || probes.size === 0) return;
    inFlight = sample().finally(() => {
      inFlight = undefined;
      if (stopped || probes.size === 0) return;
      timer = setTimeout(loop, options.intervalMs);
      timer.unref();
    });
  };
  loop();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
      pidusage.clear();
    },
  };
}

/** cpu % and rss of `pid` and all its descendants, summed. */
function processTreeProbe(pid: number): Probe {
  let treeWorks = true;
  return async () => {
    let pids = [pid];
    if (treeWorks) {
      try {
        pids = await pidtree(pid, { root: true });
      } catch {
        // no `ps` here: measure the command alone rather than nothing
        treeWorks = false;
      }
    }
    let stats: Record<string, PidStats | undefined>;
    try {
      stats = await pidusage(pids);
    } catch (e) {
      // a worker may have exited since the tree was listed; the command itself must still be there
      if (pids.length === 1) throw e;
      stats = await pidusage([pid]);
    }
    let cpu = 0;
    let rss = 0;
    for (const s of Object.values(stats)) {
      if (!s) continue;
      cpu += s.cpu;
      rss += s.memory;
    }
    return [
      { key: 'sys/cpu_percent', value: cpu },
      { key: 'sys/rss_mb', value: rss / MIB },
    ];
  };
}

function nvidiaSmiProbe(command: string, timeoutMs: number): Probe {
  return () =>
    new Promise((resolve, reject) => {
      execFile(
        command,
        ['--query-gpu=utilization.gpu,memory.used,memory.total', '--format=csv,noheader,nounits'],
        { timeout: timeoutMs, windowsHide: true },
        (err, stdout) => {
          if (err) return reject(err);
          const points = parseNvidiaSmi(stdout);
          if (points.length === 0) return reject(new Error('nvidia-smi reported no GPU'));
          resolve(points);
        },
      );
    });
}

/**
 * Reads `nvidia-smi --query-gpu=utilization.gpu,memory.used,memory.total --format=csv,noheader,nounits`:
 * one line per GPU → `sys/gpu<i>/util_percent`, `sys/gpu<i>/memory_mb`, `sys/gpu<i>/memory_percent`.
 * Fields a GPU does not support (`[N/A]`, `[Not Supported]`) are left out.
 */
export function parseNvidiaSmi(csv: string): SystemPoint[] {
  const points: SystemPoint[] = [];
  const lines = csv.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  lines.forEach((line, gpu) => {
    const [util, used, total] = line.split(',').map((f) => {
      const t = f.trim();
      return /^[-+]?\d+(?:\.\d+)?$/.test(t) ? Number(t) : undefined;
    });
    if (util !== undefined) points.push({ key: `sys/gpu${gpu}/util_percent`, value: util });
    if (used !== undefined) points.push({ key: `sys/gpu${gpu}/memory_mb`, value: used });
    if (used !== undefined && total !== undefined && total > 0) points.push({ key: `sys/gpu${gpu}/memory_percent`, value: (100 * used) / total });
  });
  return points;
}
