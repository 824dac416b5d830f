// The live dashboard: plain JavaScript, no build step, no CDN (the demo machine may be offline).
// Data: /api/* of the streams-service (alerts, sensors, settings, the SSE stream) and, in a local
// run, /local/* of the launcher (per-stage counters, receivers, dead letters, simulator knobs).
'use strict';

const state = {
  alerts: new Map(),      // alertId -> latest alert
  sensors: new Map(),     // sensorId -> registry entry (lat/lon, deviceType, ...)
  settings: null,
  paused: false,
  local: true,
};

const $ = (id) => document.getElementById(id);
const fmt = (n) => (n === undefined || n === null ? '–' : Number(n).toLocaleString('en-US'));
const rate = (n) => (n === undefined || n === null ? '–' : Number(n).toFixed(n >= 100 ? 0 : 1));
const time = (ms) => (ms ? new Date(ms).toISOString().replace('T', ' ').substring(0, 19) : '–');
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

async function getJson(url, options) {
  const response = await fetch(url, Object.assign({ headers: { Accept: 'application/json' } }, options || {}));
  if (!response.ok) {
    const text = await response.text();
    const error = new Error(`${url}: ${response.status} ${text.substring(0, 200)}`);
    error.status = response.status;
    throw error;
  }
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

function listOf(body) {
  if (Array.isArray(body)) return body;
  if (!body) return [];
  for (const key of ['items', 'alerts', 'content', 'data', 'sensors', 'devices', 'results']) {
    if (Array.isArray(body[key])) return body[key];
  }
  return [];
}

// ---- alerts ---------------------------------------------------------------------------------

function addAlert(alert, fresh) {
  if (!alert || !alert.alertId) return;
  const previous = state.alerts.get(alert.alertId);
  // A RESOLVED alert carries the id of the condition it ends; keep the latest word on it.
  if (previous && previous.status === 'RESOLVED' && alert.status !== 'RESOLVED' && !fresh) return;
  alert._fresh = fresh && (!previous || previous.status !== alert.status);
  alert._seen = Date.now();
  state.alerts.set(alert.alertId, Object.assign({}, previous || {}, alert));
  if (alert.lat !== undefined && alert.lat !== null && !state.sensors.has(alert.sensorId)) {
    state.sensors.set(alert.sensorId, { sensorId: alert.sensorId, deviceType: alert.deviceType, lat: alert.lat, lon: alert.lon });
  }
}

function renderAlerts() {
  const rows = [...state.alerts.values()]
    .sort((a, b) => (b.eventTime || 0) - (a.eventTime || 0) || (b._seen || 0) - (a._seen || 0))
    .slice(0, 200);
  $('alerts').innerHTML = rows.map((a) => `
    <tr class="alert ${a.status === 'RESOLVED' ? 'resolved' : ''} ${a._fresh ? 'new' : ''}"
        data-alert-id="${esc(a.alertId)}" data-type="${esc(a.type)}" data-status="${esc(a.status)}" data-sensor="${esc(a.sensorId)}">
      <td>${time(a.eventTime)}</td>
      <td class="sev-${esc(a.severity)}">${esc(a.severity)}</td>
      <td>${esc(a.type)}</td>
      <td>${esc(a.sensorId)}</td>
      <td class="st-${esc(a.status)}">${esc(a.status)}</td>
      <td class="summary">${esc(a.summary)}</td>
    </tr>`).join('');
  rows.forEach((a) => { a._fresh = false; });
  renderMap();
}

async function loadAlerts() {
  try {
    const body = await getJson('/api/alerts?limit=200');
    listOf(body).forEach((a) => addAlert(a, false));
    renderAlerts();
  } catch (e) {
    console.warn('alerts', e);
  }
}

// ---- live stream ----------------------------------------------------------------------------

let pollTimer = null;

function connectStream() {
  if (!window.EventSource) { startPolling(); return; }
  const source = new EventSource('/api/stream');
  source.onopen = () => { setLive(true); stopPolling(); };
  source.onerror = () => { setLive(false); startPolling(); };
  source.addEventListener('alert', (event) => {
    try { addAlert(JSON.parse(event.data), true); renderAlerts(); } catch (e) { console.warn(e); }
  });
  source.onmessage = (event) => {
    // Unnamed events: an alert if it looks like one.
    try { const data = JSON.parse(event.data); if (data && data.alertId) { addAlert(data, true); renderAlerts(); } } catch (e) { /* not JSON */ }
  };
}

function setLive(on) {
  const pill = $('live');
  pill.textContent = on ? 'live' : 'polling';
  pill.className = 'pill ' + (on ? 'on' : 'off');
}

function startPolling() { if (!pollTimer) pollTimer = setInterval(loadAlerts, 3000); }
function stopPolling() { if (pollTimer) { clearInterval(pollTimer); pollTimer = null; } }

// ---- counters (local run) -------------------------------------------------------------------

async function loadStats() {
  if (!state.local) return;
  let s;
  try {
    s = await getJson('/local/stats');
  } catch (e) {
    if (e.status === 404) state.local = false; // deployed: no launcher behind this page
    return;
  }
  const topics = s.topics || {};
  const rates = s.rates || {};
  const b = s.breakdown || {};
  const edge = s.edge || {};
  $('rate-in').textContent = rate(rates.__edge);
  $('rate-readings').textContent = rate(rates['iot-raw-events']);
  $('rate-dlq').textContent = rate(rates['iot-dlq']);
  $('rate-alerts').textContent = rate(rates['iot-alerts']);
  $('rate-aggregates').textContent = rate(rates['iot-aggregates-5m']);
  $('c-received').textContent = fmt(edge.received);
  $('c-accepted').textContent = fmt(edge.accepted);
  $('c-rejected').textContent = fmt(edge.rejected);
  $('c-failed').textContent = fmt(edge.failed);
  $('c-raw').textContent = fmt(topics['iot-raw-events']);
  $('c-late').textContent = fmt(topics['iot-late-events']);
  $('c-presence').textContent = fmt(topics['iot-device-presence']);
  $('c-aggregates').textContent = fmt(topics['iot-aggregates-5m']);
  $('c-alerts').textContent = fmt(topics['iot-alerts']);
  $('c-severity').textContent = [b['iot-alerts.severity.CRITICAL'], b['iot-alerts.severity.WARNING'], b['iot-alerts.severity.INFO']].map((n) => fmt(n || 0)).join(' / ');
  $('c-status').textContent = [b['iot-alerts.status.TRIGGERED'], b['iot-alerts.status.RESOLVED']].map((n) => fmt(n || 0)).join(' / ');
  const receivers = s.receivers || {};
  $('c-notify').textContent = `${fmt(receivers.pagerduty)} / ${fmt(receivers.sns)}`;
  $('c-protocols').textContent = Object.entries(edge.byProtocol || {}).map(([k, v]) => `${k} ${fmt(v)}`).join(', ') || '–';
  $('c-reasons').textContent = Object.entries(b).filter(([k]) => k.startsWith('iot-dlq.reason.'))
    .map(([k, v]) => `${k.substring(15)} ${fmt(v)}`).join(', ') || '–';
  // received = accepted + rejected (+ failed): every message accounted for once its answer is in.
  const inFlight = (edge.received || 0) - (edge.accepted || 0) - (edge.rejected || 0) - (edge.failed || 0);
  const pill = $('adds-up');
  pill.textContent = inFlight === 0 ? 'adds up' : `${fmt(inFlight)} in flight`;
  pill.className = 'pill ' + (inFlight === 0 ? 'good' : '');
  if (s.simulator) {
    $('event-time').textContent = 'event time ' + time(s.simulator.eventTime);
    state.paused = !!s.simulator.paused;
    $('pause').textContent = state.paused ? 'resume simulator' : 'pause simulator';
  }
}

async function loadFeeds() {
  if (!state.local) return;
  try {
    const [pd, sns, dlq, aggregates] = await Promise.all([
      getJson('/local/receivers/pagerduty?limit=30'), getJson('/local/receivers/sns?limit=30'),
      getJson('/local/dlq?limit=30'), getJson('/local/aggregates?limit=40')]);
    const items = pd.map((r) => ({ at: r.receivedAt, who: 'PagerDuty', text: pagerDutyLine(r) }))
      .concat(sns.map((r) => ({ at: r.receivedAt, who: 'SNS', text: snsLine(r) })))
      .sort((a, b) => b.at - a.at).slice(0, 40);
    $('notifications').innerHTML = items.map((i) => `<li><b>${i.who}</b> <span>${time(i.at)}</span> ${esc(i.text)}</li>`).join('')
      || '<li><span>nothing sent yet</span></li>';
    $('deadletters').innerHTML = dlq.map((d) => `<li><b>${esc(d.reason)}</b> <span>${esc((d.source && (d.source.topic || d.source.path || d.source.protocol)) || '')}</span> ${esc(d.detail)}</li>`).join('')
      || '<li><span>none</span></li>';
    $('aggregates').innerHTML = aggregates.map((a) => `<tr><td>${esc(a.sensorId)}</td><td>${esc(a.metric)}</td>
      <td>${time(a.windowStart).substring(11, 16)}–${time(a.windowEnd).substring(11, 16)}</td><td>${fmt(a.count)}</td>
      <td>${num(a.avg)}</td><td>${num(a.min)}</td><td>${num(a.max)}</td></tr>`).join('');
  } catch (e) {
    console.warn('feeds', e);
  }
}

const num = (v) => (typeof v === 'number' ? v.toFixed(1) : '–');

function pagerDutyLine(r) {
  try {
    const body = JSON.parse(r.body);
    const p = body.payload || {};
    return `${body.event_action} ${p.severity || ''} ${p.summary || body.dedup_key || ''}`;
  } catch (e) { return r.body; }
}

function snsLine(r) {
  const f = r.fields || {};
  if (f.TopicArn || f.Subject) return `${(f.TopicArn || '').split(':').pop()}: ${f.Subject || f.Message || ''}`;
  try { const b = JSON.parse(r.body); return `${(b.TopicArn || '').split(':').pop()}: ${b.Subject || b.Message || ''}`; } catch (e) { return r.body; }
}

// ---- map ------------------------------------------------------------------------------------

async function loadSensors() {
  try {
    const body = await getJson('/api/sensors');
    listOf(body).forEach((s) => { if (s && s.sensorId) state.sensors.set(s.sensorId, Object.assign(state.sensors.get(s.sensorId) || {}, s)); });
    renderMap();
  } catch (e) {
    console.warn('sensors', e);
  }
}

function activeAlerts() {
  const bySensor = new Map();
  for (const a of state.alerts.values()) {
    if (a.status === 'RESOLVED') continue;
    const list = bySensor.get(a.sensorId) || [];
    list.push(a);
    bySensor.set(a.sensorId, list);
  }
  return bySensor;
}

function renderMap() {
  const svg = $('map');
  const sensors = [...state.sensors.values()].filter((s) => typeof s.lat === 'number' && typeof s.lon === 'number');
  if (sensors.length === 0) { svg.innerHTML = '<text x="300" y="200" fill="#8ca0b3" text-anchor="middle">no sensors with a location yet</text>'; return; }
  const lats = sensors.map((s) => s.lat); const lons = sensors.map((s) => s.lon);
  const minLat = Math.min(...lats), maxLat = Math.max(...lats), minLon = Math.min(...lons), maxLon = Math.max(...lons);
  const pad = 30, w = 600, h = 400;
  const spanLon = Math.max(maxLon - minLon, 0.001), spanLat = Math.max(maxLat - minLat, 0.001);
  const x = (lon) => pad + ((lon - minLon) / spanLon) * (w - 2 * pad);
  const y = (lat) => h - pad - ((lat - minLat) / spanLat) * (h - 2 * pad);
  const active = activeAlerts();
  let out = `<rect class="outline" x="${pad / 2}" y="${pad / 2}" width="${w - pad}" height="${h - pad}" rx="24"/>`;
  for (let i = 1; i < 4; i++) {
    out += `<line class="district" x1="${pad / 2 + (i * (w - pad)) / 4}" y1="${pad / 2}" x2="${pad / 2 + (i * (w - pad)) / 4}" y2="${h - pad / 2}"/>`;
    out += `<line class="district" x1="${pad / 2}" y1="${pad / 2 + (i * (h - pad)) / 4}" x2="${w - pad / 2}" y2="${pad / 2 + (i * (h - pad)) / 4}"/>`;
  }
  const rings = [];
  for (const s of sensors) {
    const alerts = active.get(s.sensorId) || [];
    const theft = alerts.some((a) => a.type === 'POWER_THEFT');
    const cls = theft ? 'theft' : alerts.length ? 'warn' : (s.deviceType === 'smart-meter' ? 'ok' : 'env');
    const cx = x(s.lon).toFixed(1), cy = y(s.lat).toFixed(1);
    out += `<circle class="sensor ${cls}" data-sensor="${esc(s.sensorId)}" cx="${cx}" cy="${cy}" r="${theft ? 6 : 4}"><title>${esc(s.sensorId)} ${esc(s.deviceType || '')}${alerts.length ? ' · ' + alerts.map((a) => a.type).join(', ') : ''}</title></circle>`;
    if (theft) rings.push(`<circle class="ring" cx="${cx}" cy="${cy}" r="11"/>`);
  }
  svg.innerHTML = out + rings.join('');
}

async function showSensor(id) {
  const detail = $('sensor-detail');
  detail.textContent = `loading ${id}…`;
  try {
    const s = await getJson('/api/sensors/' + encodeURIComponent(id));
    detail.innerHTML = `<b>${esc(id)}</b> <pre>${esc(JSON.stringify(s, null, 1)).substring(0, 1500)}</pre>`;
  } catch (e) {
    detail.textContent = e.message;
  }
}

// ---- knobs ----------------------------------------------------------------------------------

async function simulator(change) {
  try {
    const s = await getJson('/local/simulator', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(change) });
    state.paused = !!s.paused;
    $('pause').textContent = state.paused ? 'resume simulator' : 'pause simulator';
  } catch (e) {
    $('settings-result').textContent = e.message;
  }
}

function flatten(obj, prefix, out) {
  for (const [k, v] of Object.entries(obj || {})) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v, key, out);
    else out[key] = v;
  }
  return out;
}

function unflatten(flat) {
  const out = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let node = out;
    parts.slice(0, -1).forEach((p) => { node = node[p] = node[p] || {}; });
    node[parts[parts.length - 1]] = value;
  }
  return out;
}

async function loadSettings() {
  const box = $('settings-fields');
  try {
    state.settings = await getJson('/api/settings');
    const flat = flatten(state.settings, '', {});
    box.className = '';
    box.innerHTML = Object.entries(flat).map(([k, v]) => `
      <label class="setting">${esc(k)}
        <input name="${esc(k)}" data-kind="${typeof v}" value="${esc(v)}" ${typeof v === 'boolean' || Array.isArray(v) ? 'readonly' : ''}>
      </label>`).join('') || 'no settings';
  } catch (e) {
    box.textContent = 'settings unavailable: ' + e.message;
  }
}

async function applySettings(event) {
  event.preventDefault();
  const flat = flatten(state.settings, '', {});
  for (const input of $('settings-fields').querySelectorAll('input')) {
    const kind = input.dataset.kind;
    flat[input.name] = kind === 'number' ? Number(input.value) : input.value;
  }
  try {
    const answer = await getJson('/api/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(unflatten(flat)) });
    $('settings-result').textContent = 'applied: ' + JSON.stringify(answer).substring(0, 300);
    await loadSettings();
  } catch (e) {
    $('settings-result').textContent = e.message;
  }
}

// ---- wiring ---------------------------------------------------------------------------------

function init() {
  $('map').addEventListener('click', (e) => { const id = e.target.dataset && e.target.dataset.sensor; if (id) showSensor(id); });
  $('speed').addEventListener('input', (e) => { $('speed-value').textContent = Number(e.target.value).toFixed(1) + '×'; });
  $('speed').addEventListener('change', (e) => simulator({ speed: Number(e.target.value) }));
  $('theft-now').addEventListener('click', () => simulator({ theftNow: 1 }));
  $('pause').addEventListener('click', () => simulator({ paused: !state.paused }));
  $('settings-form').addEventListener('submit', applySettings);
  loadAlerts();
  loadSensors();
  loadSettings();
  loadStats();
  loadFeeds();
  connectStream();
  setInterval(loadStats, 2000);
  setInterval(loadFeeds, 4000);
  setInterval(loadSensors, 30000);
}

document.addEventListener('DOMContentLoaded', init);
