// Formats results as an aligned text table.

const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const fmtLatency = (r) => `${fmtInt(r.p50)} / ${fmtInt(r.p99)}`;
const fmtRatio = (row) => `${row.ratio.toFixed(2)} (${row.ratioMin.toFixed(2)}–${row.ratioMax.toFixed(2)})${row.belowTarget ? ' !' : ''}`;

const COLUMNS = [
  { title: 'transport', cell: (row) => row.transportLabel },
  { title: 'mode', cell: (row) => row.modeLabel },
  { title: 'isorpc calls/s', cell: (row) => fmtInt(row.isorpc.callsPerSecond), right: true },
  { title: 'raw calls/s', cell: (row) => fmtInt(row.raw.callsPerSecond), right: true },
  { title: 'ratio (range)', cell: fmtRatio },
  { title: 'isorpc p50/p99 µs', cell: (row) => fmtLatency(row.isorpc), right: true },
  { title: 'raw p50/p99 µs', cell: (row) => fmtLatency(row.raw), right: true },
  { title: 'CPU µs/call isorpc / raw', cell: (row) => `${row.isorpc.cpuPerCall.toFixed(1)} / ${row.raw.cpuPerCall.toFixed(1)}`, right: true },
];

export function formatTable(rows) {
  const cells = rows.map((row) => COLUMNS.map((column) => column.cell(row)));
  const widths = COLUMNS.map((column, i) => Math.max(column.title.length, ...cells.map((line) => line[i].length)));
  const line = (values) => values.map((value, i) => (COLUMNS[i].right ? value.padStart(widths[i]) : value.padEnd(widths[i]))).join(' | ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [line(COLUMNS.map((c) => c.title)), rule, ...cells.map(line)].join('\n');
}
