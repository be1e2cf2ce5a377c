// The summary table: per transport, isorpc as a multiple of the raw baselines measured in the
// same run, beside the goal for each column. `rows` come from run.mjs, `streams` from streams.mjs.
import { BIG_BYTES } from './payload.mjs';

const GOALS = {
  tcp: { parSmall: ['≥', 0.7], seqP50: ['≤', 1.2], big: ['≥', 0.85], cpu: ['≤', 1.5], streams: ['≥', 0.8] },
  ws: { parSmall: ['≥', 1.5], seqP50: ['≤', 1.2], big: ['≥', 0.85], cpu: ['≤', 1.5], streams: ['≥', 0.8] },
  port: { parSmall: ['≥', 0.95], seqP50: ['≤', 1.1], big: ['≥', 0.9], cpu: ['≤', 1.3], streams: ['≥', 0.8] },
};

const met = ([op, goal], value) => (op === '≥' ? value >= goal : value <= goal);
const cell = (goal, value) => `${value.toFixed(2)}× ${met(goal, value) ? 'ok' : '!!'} (${goal[0]} ${goal[1]})`;
const mbs = (callsPerSecond) => (callsPerSecond * BIG_BYTES) / 2 ** 20;

/** One row per transport; `find(transport, mode, baseline)` is the detail row. */
export function formatGoalTable(rows, streams, labels) {
  const find = (transport, mode, baseline = 'raw') => rows.find((r) => r.transport === transport && r.mode === mode && r.baseline === baseline);
  const header = ['transport', 'par-small ×raw', 'seq-small p50 ×raw', 'par-64k MB/s isorpc / raw', 'CPU µs/call ×raw (small; 64k)', 'streams ×raw'];
  const lines = [];
  for (const transport of Object.keys(GOALS)) {
    const par = find(transport, 'inflight256');
    const seq = find(transport, 'sequential');
    const big = find(transport, 'big16');
    if (par === undefined || seq === undefined || big === undefined) continue;
    const goal = GOALS[transport];
    const coalesced = find(transport, 'inflight256', 'raw-coalesced');
    // The WebSocket goal is set against the naive baseline; the coalescing one is shown beside it.
    const parCell = cell(goal.parSmall, par.ratio) + (coalesced ? `; ${coalesced.ratio.toFixed(2)}× raw coalesced` : '');
    const p50 = seq.isorpc.p50 / seq.raw.p50;
    const bigCell = `${mbs(big.isorpc.callsPerSecond).toFixed(0)} / ${mbs(big.raw.callsPerSecond).toFixed(0)} = ${cell(goal.big, big.ratio)}`;
    const cpuSmall = par.isorpc.cpuPerCall / par.raw.cpuPerCall;
    const cpuBig = big.isorpc.cpuPerCall / big.raw.cpuPerCall;
    const cpuCell = `${cell(goal.cpu, cpuSmall)}; ${cpuBig.toFixed(2)}×`;
    const stream = streams.find((s) => s.transport === transport);
    lines.push([labels[transport], parCell, cell(goal.seqP50, p50), bigCell, cpuCell, stream ? cell(goal.streams, stream.ratio) : '–']);
  }
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
  const line = (values) => values.map((value, i) => value.padEnd(widths[i])).join(' | ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-+-'), ...lines.map(line)].join('\n');
}
