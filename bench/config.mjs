// Benchmark settings from the environment and the command line, checked once.
import { TRANSPORTS } from './targets.mjs';

function numberFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`${name} must be a number > 0, got "${raw}"`);
  return value;
}

const seconds = numberFromEnv('BENCH_SECONDS', 2);
const transports = process.env.BENCH_TRANSPORTS ? process.env.BENCH_TRANSPORTS.split(',').map((t) => t.trim()) : TRANSPORTS;
for (const t of transports) if (!TRANSPORTS.includes(t)) throw new Error(`BENCH_TRANSPORTS: unknown transport "${t}" (use ${TRANSPORTS.join(', ')})`);
const jsonArg = process.argv.slice(2).find((arg) => arg === '--json' || arg.startsWith('--json='));

export const config = {
  /** Timed seconds per implementation per measurement. */
  seconds,
  /** Repetitions; the table shows medians over them. */
  repeats: Math.floor(numberFromEnv('BENCH_REPEATS', 3)),
  /** Each measurement is cut into this many slices that alternate isorpc and raw. */
  slices: 4,
  /** Untimed calls in the measured mode before each measurement, so GC and the other thread settle. */
  warmupSeconds: Math.min(0.3, seconds / 4),
  /** Calls per target and mode before anything is timed, so JIT compilation is not (bounded in time too). */
  jitWarmupCalls: 20_000,
  jitWarmupMaxSeconds: 1,
  transports,
  modes: [
    { name: 'sequential', label: 'sequential', concurrency: 1, size: 'small' },
    { name: 'inflight256', label: '256 in flight', concurrency: 256, size: 'small' },
    { name: 'big16', label: '16 × 64 KiB in flight', concurrency: 16, size: 'big' },
  ],
  /** The goal: isorpc reaches at least this share of the raw baseline's calls/s. */
  targetRatio: 0.5,
  jsonFile: jsonArg === undefined ? undefined : jsonArg.slice('--json='.length) || 'bench-results.json',
};
