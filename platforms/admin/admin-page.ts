/**
 * The admin page: one self-contained HTML document. Its script loads the isorpc UMD bundle from the
 * same handler, connects back over WebSocket (`/rpc`) and polls `isorpc.Admin.snapshot`; the chart
 * is a hand-drawn canvas line, so the page needs no library but isorpc itself.
 */
export const ADMIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>isorpc admin</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222;background:#fafafa}
h1{font-size:1.3rem}h2{font-size:1.05rem;margin-top:1.5rem}
table{border-collapse:collapse;background:#fff}td,th{border:1px solid #ddd;padding:.25rem .6rem;text-align:left}
th{background:#f0f0f0}.num{text-align:right;font-variant-numeric:tabular-nums}.err{color:#b00}
canvas{background:#fff;border:1px solid #ddd}input.weight{width:4em}#status{color:#666}.inactive{color:#999}
</style></head><body>
<h1>isorpc admin <span id="status">connecting…</span></h1>
<div id="summary"></div>
<h2>Calls per second</h2>
<canvas id="chart" width="640" height="160" data-max="0" data-points="0"></canvas>
<h2>Methods</h2>
<table id="methods"><thead><tr><th>method</th><th>calls</th><th>calls/s</th><th>in flight</th><th>errors</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th></tr></thead><tbody></tbody></table>
<h2>Connected peers</h2>
<table id="peers"><thead><tr><th>id</th><th>remote address</th><th>pending calls</th></tr></thead><tbody></tbody></table>
<h2>Cluster</h2>
<table id="cluster"><thead><tr><th>service</th><th>address</th><th>state</th><th>weight</th><th>metadata</th><th></th></tr></thead><tbody></tbody></table>
<script src="isorpc.umd.min.js"></script>
<script>
const POLL_MS = 500, POINTS = 120;
const rates = [];
let client, previous;
const $ = (id) => document.getElementById(id);
const cell = (text, cls) => { const td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; return td; };
const fixed = (v) => (v === undefined || v === null ? '–' : v.toFixed(2));

function drawChart() {
  const canvas = $('chart'), g = canvas.getContext('2d'), w = canvas.width, h = canvas.height;
  const max = Math.max(1, ...rates);
  g.clearRect(0, 0, w, h);
  g.strokeStyle = '#eee';
  for (let i = 1; i < 4; i++) { g.beginPath(); g.moveTo(0, (h * i) / 4); g.lineTo(w, (h * i) / 4); g.stroke(); }
  // A step line, newest interval at the right edge: one interval is already a visible step.
  const step = w / POINTS, x0 = w - rates.length * step;
  g.beginPath(); g.moveTo(x0, h);
  rates.forEach((rate, i) => { const y = h - 4 - ((h - 8) * rate) / max; g.lineTo(x0 + i * step, y); g.lineTo(x0 + (i + 1) * step, y); });
  g.lineTo(w, h); g.closePath(); g.fillStyle = 'rgba(21,101,192,0.15)'; g.fill();
  g.strokeStyle = '#1565c0'; g.lineWidth = 2; g.stroke();
  g.fillStyle = '#333'; g.fillText(max.toFixed(0) + ' calls/s', 4, 12);
  canvas.dataset.max = String(Math.max(0, ...rates));
  canvas.dataset.points = String(rates.length);
}

function render(snap) {
  const now = snap.metrics.time, byMethod = new Map(snap.metrics.methods.map((m) => [m.method, m]));
  const dt = previous ? (now - previous.time) / 1000 : 0;
  const total = snap.metrics.methods.reduce((sum, m) => sum + m.calls, 0);
  if (previous && dt > 0) { rates.push((total - previous.total) / dt); if (rates.length > POINTS) rates.shift(); drawChart(); }
  const s = snap.metrics.server;
  $('summary').textContent = 'listening on ' + snap.addresses.join(', ') + ' · ' + s.connections + ' connections · ' + s.bytesIn + ' bytes in · ' + s.bytesOut + ' bytes out · ' + s.framesOut + ' frames out';
  const methods = $('methods').tBodies[0]; methods.replaceChildren();
  for (const name of snap.methods) {
    const m = byMethod.get(name), before = previous && previous.calls.get(name);
    const errors = m ? Object.entries(m.errors).map(([code, n]) => code + ' ' + n).join(', ') : '';
    const rate = m && dt > 0 ? (m.calls - (before || 0)) / dt : 0;
    const row = document.createElement('tr'); row.dataset.method = name;
    row.append(cell(name), cell(m ? m.calls : 0, 'num'), cell(rate.toFixed(1), 'num'), cell(m ? m.inFlight : 0, 'num'), cell(errors, 'err'),
      cell(fixed(m && m.latency.p50), 'num'), cell(fixed(m && m.latency.p90), 'num'), cell(fixed(m && m.latency.p99), 'num'));
    methods.append(row);
  }
  const peers = $('peers').tBodies[0]; peers.replaceChildren();
  for (const p of snap.peers) { const row = document.createElement('tr'); row.append(cell(p.id), cell(p.remoteAddress || ''), cell(p.pendingCalls, 'num')); peers.append(row); }
  renderCluster(snap.cluster);
  previous = { time: now, total, calls: new Map(snap.metrics.methods.map((m) => [m.method, m.calls])) };
}

let shownCluster = '';
function renderCluster(instances) {
  // Rebuild only on change: a poll must not wipe a weight the operator is typing.
  const key = JSON.stringify(instances);
  if (key === shownCluster) return;
  shownCluster = key;
  const body = $('cluster').tBodies[0]; body.replaceChildren();
  for (const inst of instances) {
    const state = inst.metadata.state === 'inactive' ? 'inactive' : 'active';
    const row = document.createElement('tr'); row.dataset.address = inst.address; row.dataset.state = state; row.className = state;
    const actions = document.createElement('td');
    if (inst.editable) {
      const toggle = document.createElement('button');
      toggle.textContent = state === 'active' ? 'deactivate' : 'activate'; toggle.className = 'toggle';
      toggle.onclick = () => act('setState', { address: inst.address, state: state === 'active' ? 'inactive' : 'active' });
      const weight = document.createElement('input'); weight.type = 'number'; weight.min = '1'; weight.value = inst.metadata.weight || '1'; weight.className = 'weight';
      const set = document.createElement('button'); set.textContent = 'set weight'; set.className = 'set-weight';
      set.onclick = () => act('setWeight', { address: inst.address, weight: Number(weight.value) });
      actions.append(toggle, ' ', weight, ' ', set);
    }
    const rest = Object.entries(inst.metadata).filter(([k]) => k !== 'state' && k !== 'weight').map(([k, v]) => k + '=' + v).join('&');
    row.append(cell(inst.service), cell(inst.address), cell(state), cell(inst.metadata.weight || '1', 'num'), cell(rest), actions);
    body.append(row);
  }
}

async function act(method, arg) {
  try { renderCluster((await client.call('isorpc.Admin.' + method, arg)).cluster); }
  catch (error) { $('status').textContent = error.code + ': ' + error.message; }
}

async function poll() {
  try { render(await client.call('isorpc.Admin.snapshot', undefined, { timeout: 5000 })); $('status').textContent = 'live'; }
  catch (error) { $('status').textContent = error.code + ': ' + error.message; }
  setTimeout(poll, POLL_MS);
}

isorpc.connect((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + location.pathname.replace(/[^/]*$/, '') + 'rpc')
  .then((opened) => { client = opened; drawChart(); poll(); }, (error) => { $('status').textContent = error.code + ': ' + error.message; });
</script></body></html>
`;
