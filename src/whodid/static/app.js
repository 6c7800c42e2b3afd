/* whodid dashboard: vanilla JS over the /v1 API; no external code, no build step. */
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const PAGE = 25;
const state = { offset: 0, nextOffset: null, filters: {}, dyad: null };
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c ?? ""));
  return node;
}
function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

async function api(path, options) {
  const response = await fetch(path, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message || body.detail || response.statusText);
  return body;
}

function query(extra) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...state.filters, ...extra })) {
    if (v !== "" && v !== null && v !== undefined) params.set(k, v);
  }
  return params.toString();
}

/* "1 week", "3 weeks", "1,234 events". */
function plural(n, noun) { return `${n.toLocaleString("en")} ${noun}${n === 1 ? "" : "s"}`; }

function showError(error) { $("error").textContent = error ? String(error.message || error) : ""; }

function readFilters() {
  const f = {};
  for (const name of ["root", "country", "actor", "quad", "since", "until", "text"]) {
    const value = $("f-" + name).value.trim();
    if (value) f[name] = name === "country" ? value.toUpperCase() : value;
  }
  return f;
}

/* ------------------------------------------------------------------ table */
function actorLabel(row, prefix) {
  return row[prefix + "_code"] || row[prefix + "_text"] || "–";
}

async function loadEvents() {
  const data = await api("/v1/events?" + query({ ...dyadFilter(), limit: PAGE, offset: state.offset }));
  $("dyad").hidden = !state.dyad;
  if (state.dyad) $("dyad-label").textContent = `${state.dyad.source} → ${state.dyad.target}`;
  state.nextOffset = data.next_offset;
  const body = $("events").tBodies[0];
  body.replaceChildren();
  for (const row of data.events) {
    const tr = el("tr", { class: "event-row q-" + row.quad_class, "data-article": row.article_id },
      el("td", { class: "date" }, row.event_date || row.article_date || ""),
      el("td", { title: row.source_text || "" }, actorLabel(row, "source")),
      el("td", { class: "code", title: row.event_name || "" }, row.cameo + " " + (row.plover_event || "")),
      el("td", { title: row.target_text || "" }, actorLabel(row, "target")),
      el("td", {}, row.location_name || row.location_text || ""),
      el("td", {}, row.trigger_text || ""),
      el("td", {}, row.article_title || row.article_id));
    tr.addEventListener("click", () => openArticle(row.article_id, row.idx));
    body.append(tr);
  }
  if (!data.events.length) body.append(el("tr", {}, el("td", { colspan: 7 }, "No events match.")));
  $("prev").disabled = state.offset === 0;
  $("next").disabled = state.nextOffset === null;
  const span = data.count
    ? `${(state.offset + 1).toLocaleString("en")}–${(state.offset + data.count).toLocaleString("en")} of ${data.total.toLocaleString("en")}`
    : data.total ? "none of " + plural(data.total, "event") : "no events";
  $("page").textContent = span;
  $("events-note").textContent = `(${span})`;
}

/* ------------------------------------------------------------------ map */
let countries = null;   // knowledge-base countries: code, name, numeric, centroid
let basemap;            // Natural Earth country outlines as {feature, d}, or null if absent
const px = (lon) => (lon + 180) * 2;
const py = (lat) => (90 - lat) * 2;

function goldColor(g) {
  if (g === null || g === undefined) return "#777";
  return g < 0 ? "#c0392b" : "#2a8f5e";
}

/* A ring as SVG path data in the map's equirectangular projection. A step of more than half
   the world in longitude is a ring running along the antimeridian: lift the pen rather than
   draw a line across the map. */
function ringPath(ring) {
  let d = "";
  let previous = null;
  for (const [lon, lat] of ring) {
    d += (previous === null || Math.abs(lon - previous) > 180 ? "M" : "L") +
      px(lon).toFixed(1) + "," + py(lat).toFixed(1);
    previous = lon;
  }
  return d + "Z";
}

function geometryPath(geometry) {
  if (!geometry) return "";
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates]
    : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  return polygons.flat().map(ringPath).join("");
}

/* The outlines come from npm's world-atlas and are decoded by topojson-client, both installed
   by `make web`; without them the map keeps the country centroids and says why. */
async function loadBasemap() {
  if (typeof topojson === "undefined") return null;
  const response = await fetch("/vendor/world-atlas/countries-110m.json");
  if (!response.ok) return null;
  const topology = await response.json();
  return topojson.feature(topology, topology.objects.countries).features
    .map((feature) => ({ feature, d: geometryPath(feature.geometry) }));
}

/* Located events per country (alpha-3), for shading the countries they happened in. */
function eventsPerCountry(places) {
  const counts = new Map();
  for (const p of places) if (p.country) counts.set(p.country, (counts.get(p.country) || 0) + p.events);
  return counts;
}

function shade(share) {  // from the land colour to a deep blue-grey as a country's events grow
  const mix = (a, b) => Math.round(a + (b - a) * share);
  return `rgb(${mix(220, 120)},${mix(226, 146)},${mix(232, 176)})`;
}

function drawCountries(map, places) {
  const codeOf = new Map();   // ISO numeric (world-atlas ids) or name -> alpha-3
  for (const c of countries) {
    if (c.numeric) codeOf.set(c.numeric, c.code);
    codeOf.set(c.name, c.code);
  }
  const counts = eventsPerCountry(places);
  const max = Math.max(1, ...counts.values());
  for (const { feature, d } of basemap) {
    // a few shapes (Kosovo, N. Cyprus, Somaliland) have no ISO number: match them by name
    const code = codeOf.get(feature.id) || codeOf.get(feature.properties.name) || null;
    const n = (code && counts.get(code)) || 0;
    const path = svg("path", { d, class: n ? "country has-events" : "country",
      fill: n ? shade(0.25 + 0.75 * Math.sqrt(n / max)) : shade(0), "data-code": code || "" });
    path.append(svg("title", {}, `${feature.properties.name}${code ? " (" + code + ")" : ""}` +
      (n ? `: ${n} located event(s)` : "")));
    map.append(path);
  }
}

function drawCentroids(map) {
  for (const c of countries) {
    if (c.lat === null || c.lon === null) continue;
    const dot = svg("circle", { cx: px(c.lon), cy: py(c.lat), r: 1.6, fill: "#9aa6b2", class: "centroid" });
    dot.append(svg("title", {}, `${c.name} (${c.code})`));
    map.append(dot);
  }
}

async function loadMap() {
  if (countries === null) countries = (await api("/v1/countries")).countries;
  if (basemap === undefined) basemap = await loadBasemap().catch(() => null);
  const data = await api("/v1/map?" + query({}));
  const map = $("map");
  map.replaceChildren();
  if (basemap) drawCountries(map, data.places);
  for (let lon = -180; lon <= 180; lon += 30) {
    map.append(svg("line", { x1: px(lon), y1: 0, x2: px(lon), y2: 360, class: "graticule" }));
  }
  for (let lat = -60; lat <= 90; lat += 30) {
    map.append(svg("line", { x1: 0, y1: py(lat), x2: 720, y2: py(lat), class: lat === 0 ? "graticule equator" : "graticule" }));
  }
  if (!basemap) drawCentroids(map);
  const max = Math.max(1, ...data.places.map((p) => p.events));
  for (const p of data.places.slice().reverse()) {
    const dot = svg("circle", {
      cx: px(p.lon), cy: py(p.lat), r: 3 + 9 * Math.sqrt(p.events / max),
      fill: goldColor(p.goldstein_mean), "fill-opacity": 0.6, stroke: "#fff", "stroke-width": 0.8,
      class: "place",
    });
    dot.append(svg("title", {}, `${p.name || "?"} ${p.country ? "(" + p.country + ")" : ""}: ` +
      `${p.events} event(s), Goldstein mean ${Number(p.goldstein_mean).toFixed(1)}`));
    map.append(dot);
  }
  $("map-note").textContent = `(${data.places.length} places)`;
  $("map-basemap").textContent = basemap
    ? "countries: Natural Earth 1:110m (world-atlas), darker where events were located"
    : "no basemap installed (run `make web`): grey dots are country centroids";
}

/* ------------------------------------------------------------------ timeline */
const DAY_MS = 86400000;
const parseDay = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

/* The start of the period after the one starting at `ms`. */
function nextPeriod(ms, by) {
  if (by === "day") return ms + DAY_MS;
  if (by === "week") return ms + 7 * DAY_MS;
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/* Axis labels at round dates (years, quarters, months, weeks or days), about six of them. */
function timeTicks(start, end) {
  const span = (end - start) / DAY_MS;
  const ticks = [];
  if (span > 2 * 365) {
    const step = Math.max(1, Math.ceil(span / 365 / 6));
    for (let y = new Date(start).getUTCFullYear(); Date.UTC(y, 0, 1) <= end; y++) {
      const t = Date.UTC(y, 0, 1);
      if (t >= start && y % step === 0) ticks.push([t, String(y)]);
    }
  } else if (span > 60) {
    const step = Math.max(1, Math.ceil(span / 30 / 6));
    const d = new Date(start);
    for (let m = d.getUTCFullYear() * 12 + d.getUTCMonth(); ; m++) {
      const t = Date.UTC(Math.floor(m / 12), m % 12, 1);
      if (t > end) break;
      if (t >= start && m % step === 0) ticks.push([t, isoDay(t).slice(0, 7)]);
    }
  } else {
    const step = Math.max(1, Math.ceil(span / 6));
    for (let t = start; t <= end; t += step * DAY_MS) ticks.push([t, isoDay(t)]);
  }
  return ticks;
}

/* Bars on a true time axis: a period with no events is an empty stretch of the axis, and the
   Goldstein line breaks there instead of running across it. The axis spans the busiest span
   (the server's `busiest`) unless "all" is chosen or since/until are set. */
async function loadTimeline() {
  const by = $("f-by").value;
  const data = await api("/v1/timeline?" + query({ by }));
  const chart = $("timeline");
  chart.replaceChildren();
  const W = 720, H = 260, L = 40, R = 40, T = 10, B = 30;
  const whole = $("timeline-range").value === "all" || state.filters.since || state.filters.until;
  let rows = data.rows;
  if (!whole && data.busiest) {
    rows = rows.filter((r) => r.period >= data.busiest.since && r.period <= data.busiest.until);
  }
  const hidden = data.rows.length - rows.length;
  const hiddenEvents = data.rows.reduce((n, r) => n + r.events, 0) - rows.reduce((n, r) => n + r.events, 0);
  $("timeline-note").textContent = rows.length
    ? `(${rows[0].period} – ${rows[rows.length - 1].period}: ${plural(rows.length, by)} with events` +
      (hidden ? `; ${plural(hiddenEvents, "event")} in ${plural(hidden, by)} outside, choose "all dates" to see them)` : ")")
    : "";
  if (!rows.length) {
    chart.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", fill: "#777" }, "No dated events."));
    return;
  }
  const start = parseDay(rows[0].period);
  const end = nextPeriod(parseDay(rows[rows.length - 1].period), by);
  const x = (ms) => L + (W - L - R) * (ms - start) / (end - start);
  const max = Math.max(1, ...rows.map((r) => r.events));
  const y = (n) => T + (H - T - B) * (1 - n / max);
  const gy = (g) => T + (H - T - B) * (1 - (g + 10) / 20);
  chart.append(svg("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: "#888" }));
  chart.append(svg("text", { x: L - 4, y: y(max) + 4, "text-anchor": "end", "font-size": 10 }, String(max)));
  chart.append(svg("text", { x: L - 4, y: H - B, "text-anchor": "end", "font-size": 10 }, "0"));
  chart.append(svg("text", { x: W - R + 4, y: gy(10) + 4, "font-size": 10 }, "+10"));
  chart.append(svg("text", { x: W - R + 4, y: gy(-10), "font-size": 10 }, "−10"));
  chart.append(svg("line", { x1: L, y1: gy(0), x2: W - R, y2: gy(0), stroke: "#bbb", "stroke-dasharray": "3 3" }));
  for (const [t, label] of timeTicks(start, end)) {
    chart.append(svg("line", { x1: x(t), y1: H - B, x2: x(t), y2: H - B + 4, stroke: "#888", class: "tick" }));
    chart.append(svg("text", { x: x(t), y: H - 10, "text-anchor": "middle", "font-size": 10, class: "tick-label" }, label));
  }
  const colors = { q1: "#4e9ad6", q2: "#2a6f3e", q3: "#e8a33d", q4: "#c0392b" };
  let run = [];   // Goldstein points of consecutive periods; a gap ends the line
  const flush = () => {
    if (run.length > 1) {
      chart.append(svg("polyline", { points: run.join(" "), fill: "none", stroke: "#222", "stroke-width": 1.5, class: "goldstein" }));
    } else if (run.length === 1) {
      const [cx, cy] = run[0].split(",");
      chart.append(svg("circle", { cx, cy, r: 2, fill: "#222", class: "goldstein" }));
    }
    run = [];
  };
  let expected = null;
  for (const r of rows) {
    const from = parseDay(r.period), to = nextPeriod(from, by);
    if (expected !== null && from !== expected) flush();
    expected = to;
    const width = Math.max(1, (x(to) - x(from)) * 0.85);
    const left = x(from) + ((x(to) - x(from)) - width) / 2;
    let base = 0;
    for (const q of ["q1", "q2", "q3", "q4"]) {
      if (!r[q]) continue;
      const rect = svg("rect", { x: left, y: y(base + r[q]), width, height: y(base) - y(base + r[q]),
        fill: colors[q], class: "bar", "data-period": r.period, "data-quad": q.slice(1) });
      rect.append(svg("title", {}, `${r.period}: ${q.toUpperCase()} ${r[q]} of ${r.events}`));
      chart.append(rect);
      base += r[q];
    }
    if (r.goldstein_mean !== null) run.push(`${left + width / 2},${gy(r.goldstein_mean)}`);
    else flush();
  }
  flush();
}

/* ------------------------------------------------------------------ dyad network */
const QUAD_COLORS = { 1: "#4e9ad6", 2: "#2a6f3e", 3: "#e8a33d", 4: "#c0392b" };
const NET_W = 960, NET_H = 400, NET_EDGES = 60;
let network = null;     // the last /v1/network answer, kept to recolour without a request

/* −10 red, 0 grey, +10 green, like the map's circles but graded. */
function goldsteinColor(g) {
  if (g === null || g === undefined) return "#9aa6b2";
  const t = Math.max(-1, Math.min(1, g / 10));
  const [from, to] = t < 0 ? [[154, 166, 178], [192, 57, 43]] : [[154, 166, 178], [42, 143, 94]];
  const a = Math.abs(t);
  return `rgb(${from.map((c, i) => Math.round(c + (to[i] - c) * a)).join(",")})`;
}

function dominantQuad(edge) {
  let best = 1;
  for (const q of [2, 3, 4]) if (edge["q" + q] > edge["q" + best]) best = q;
  return best;
}

/* Force-directed layout (Fruchterman-Reingold: repulsion between nearby nodes, springs along
   edges, a pull to the centre that is stronger vertically because the picture is wide),
   started from a circle in a fixed order so the same data always gives the same picture.
   Repulsion stops at a few spring lengths, so a small separate component stays beside the
   main one instead of being pushed to the edge. Small graphs only: the API sends the busiest
   NET_EDGES edges. */
function layoutNetwork(nodes, edges) {
  const n = nodes.length;
  const cx = NET_W / 2, cy = NET_H / 2;
  // the spring length: the room each node would get, but no more than a short arrow, so a
  // graph of a few nodes stays together in the middle rather than at the far edges
  const k = Math.min(110, Math.sqrt((NET_W * NET_H) / Math.max(1, n)) * 0.75);
  const reach2 = (3 * k) ** 2;
  const pullX = 0.04, pullY = 0.04 * (NET_W / NET_H);
  const order = nodes.slice().sort((a, b) => (b.sent + b.received) - (a.sent + a.received) || (a.id < b.id ? -1 : 1));
  order.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, n);
    node.x = cx + k * 1.5 * Math.cos(angle);
    node.y = cy + k * 1.5 * Math.sin(angle);
  });
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const links = edges.filter((e) => e.source !== e.target).map((e) => [index.get(e.source), index.get(e.target)]);
  let temperature = k;
  for (let step = 0; step < 400; step++) {
    const dx = new Float64Array(n), dy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const x = nodes[i].x - nodes[j].x, y = nodes[i].y - nodes[j].y;
        const d2 = Math.max(1, x * x + y * y);
        if (d2 > reach2) continue;
        const force = (k * k) / d2;
        dx[i] += x * force; dy[i] += y * force; dx[j] -= x * force; dy[j] -= y * force;
      }
    }
    for (const [i, j] of links) {
      const x = nodes[i].x - nodes[j].x, y = nodes[i].y - nodes[j].y;
      const force = Math.max(1, Math.hypot(x, y)) / k;
      dx[i] -= x * force; dy[i] -= y * force; dx[j] += x * force; dy[j] += y * force;
    }
    for (let i = 0; i < n; i++) {
      dx[i] += (cx - nodes[i].x) * pullX * k / 10;
      dy[i] += (cy - nodes[i].y) * pullY * k / 10;
      const d = Math.max(1e-9, Math.hypot(dx[i], dy[i])), move = Math.min(d, temperature);
      nodes[i].x += (dx[i] / d) * move;
      nodes[i].y += (dy[i] / d) * move;
    }
    temperature = Math.max(0.5, temperature * 0.985);
  }
  // fit into the picture with room for labels and self-loops; each axis is stretched on its
  // own, but a small graph is never blown up far beyond its natural spacing
  const pad = 48;
  const xs = nodes.map((node) => node.x), ys = nodes.map((node) => node.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = Math.min((NET_W - 2 * pad) / Math.max(1, x1 - x0), 1.5);
  const sy = Math.min((NET_H - 2 * pad) / Math.max(1, y1 - y0), 1.5);
  for (const node of nodes) {
    node.x = NET_W / 2 + (node.x - (x0 + x1) / 2) * sx;
    node.y = NET_H / 2 + (node.y - (y0 + y1) / 2) * sy;
  }
}

function arrowHead(x, y, ux, uy, size) {  // a triangle with its tip at (x, y), pointing along (ux, uy)
  const bx = x - ux * size, by = y - uy * size;
  return `${x},${y} ${bx - uy * size * 0.5},${by + ux * size * 0.5} ${bx + uy * size * 0.5},${by - ux * size * 0.5}`;
}

/* An edge's curve and arrowhead: a quadratic bend to the right of the direction of travel,
   so A→B and B→A stay apart; a loop above the node for events within one actor. */
function edgeShape(from, to, width) {
  const head = 7 + width * 1.2;
  if (from === to) {
    const { x, y, r } = from;
    const sx = x - r * 0.6, sy = y - r * 0.8, ex = x + r * 0.6, ey = y - r * 0.8;
    const c1 = [x - r - 22, y - r - 34], c2 = [x + r + 22, y - r - 34];
    const ux = ex - c2[0], uy = ey - c2[1], len = Math.hypot(ux, uy);
    const tip = [ex, ey];
    const end = [ex - (ux / len) * head, ey - (uy / len) * head];
    return { d: `M${sx},${sy} C${c1[0]},${c1[1]} ${c2[0]},${c2[1]} ${end[0]},${end[1]}`,
      head: arrowHead(tip[0], tip[1], ux / len, uy / len, head) };
  }
  const dx = to.x - from.x, dy = to.y - from.y, dist = Math.max(1, Math.hypot(dx, dy));
  const control = [(from.x + to.x) / 2 - (dy / dist) * dist * 0.18, (from.y + to.y) / 2 + (dx / dist) * dist * 0.18];
  const toward = (node, point) => {
    const x = point[0] - node.x, y = point[1] - node.y, d = Math.max(1, Math.hypot(x, y));
    return [node.x + (x / d) * node.r, node.y + (y / d) * node.r];
  };
  const start = toward(from, control), tip = toward(to, control);
  const ux = tip[0] - control[0], uy = tip[1] - control[1], len = Math.max(1, Math.hypot(ux, uy));
  const end = [tip[0] - (ux / len) * head, tip[1] - (uy / len) * head];
  return { d: `M${start[0].toFixed(1)},${start[1].toFixed(1)} Q${control[0].toFixed(1)},${control[1].toFixed(1)} ${end[0].toFixed(1)},${end[1].toFixed(1)}`,
    head: arrowHead(tip[0], tip[1], ux / len, uy / len, head) };
}

function edgeColor(edge) {
  return $("net-color").value === "quad" ? QUAD_COLORS[dominantQuad(edge)] : goldsteinColor(edge.goldstein_mean);
}

function drawNetwork() {
  const chart = $("network");
  chart.replaceChildren();
  const { nodes, edges, level, truncated } = network;
  $("network-note").textContent = `(${nodes.length} ${level === "country" ? "countries" : "actors"}, ` +
    `${edges.length} dyads${truncated ? ", the busiest only" : ""})`;
  $("net-legend-goldstein").hidden = $("net-color").value === "quad";
  $("net-legend-quad").hidden = $("net-color").value !== "quad";
  if (!edges.length) {
    chart.append(svg("text", { x: NET_W / 2, y: NET_H / 2, "text-anchor": "middle", fill: "#777" },
      "No events with both a source and a target."));
    return;
  }
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const maxNode = Math.max(1, ...nodes.map((node) => node.sent + node.received));
  for (const node of nodes) node.r = 5 + 11 * Math.sqrt((node.sent + node.received) / maxNode);
  const maxEdge = Math.max(1, ...edges.map((e) => e.events));
  // thin edges first, so the busy ones are drawn on top
  for (const e of edges.slice().sort((a, b) => a.events - b.events)) {
    const width = 1 + 6 * Math.sqrt(e.events / maxEdge);
    const { d, head } = edgeShape(byId.get(e.source), byId.get(e.target), width);
    const selected = state.dyad && state.dyad.source === e.source && state.dyad.target === e.target;
    const group = svg("g", { class: "edge" + (selected ? " selected" : ""), "data-source": e.source,
      "data-target": e.target, "data-events": String(e.events), tabindex: "0" });
    const color = edgeColor(e);
    group.append(svg("path", { d, class: "line", fill: "none", stroke: color, "stroke-width": width, "stroke-opacity": 0.8 }));
    // a wide invisible twin of the curve, so a thin arrow is easy to hit with the mouse
    group.append(svg("path", { d, class: "hit", fill: "none", stroke: "transparent", "stroke-width": Math.max(12, width + 6) }));
    group.append(svg("polygon", { points: head, fill: color }));
    const mean = e.goldstein_mean === null ? "?" : Number(e.goldstein_mean).toFixed(1);
    group.append(svg("title", {}, `${e.source} → ${e.target}: ${e.events} event(s), Goldstein mean ${mean}; ` +
      `Q1 ${e.q1} · Q2 ${e.q2} · Q3 ${e.q3} · Q4 ${e.q4}. Click to list them.`));
    group.addEventListener("click", () => selectDyad(e.source, e.target));
    group.addEventListener("keydown", (event) => { if (event.key === "Enter") selectDyad(e.source, e.target); });
    chart.append(group);
  }
  const labels = [];
  for (const node of nodes) {
    const group = svg("g", { class: "node", "data-id": node.id });
    group.append(svg("circle", { cx: node.x, cy: node.y, r: node.r }));
    const label = svg("text", { x: node.x, y: node.y, "text-anchor": "middle", class: "label" }, node.id);
    group.append(label);
    group.append(svg("title", {}, `${node.name ? node.name + " (" + node.id + ")" : node.id}: ` +
      `${node.sent} event(s) sent, ${node.received} received`));
    chart.append(group);
    labels.push({ node, label, group });
  }
  placeLabels(labels, nodes, edges.map((e) => curvePoints(byId.get(e.source), byId.get(e.target))));
}

/* Points along an edge's curve (as edgeShape draws it), to keep labels off the arrows. */
function curvePoints(from, to) {
  if (from === to) return [[from.x, from.y - from.r - 14], [from.x - from.r, from.y - from.r - 8], [from.x + from.r, from.y - from.r - 8]];
  const dx = to.x - from.x, dy = to.y - from.y;
  const c = [(from.x + to.x) / 2 - dy * 0.18, (from.y + to.y) / 2 + dx * 0.18];
  const points = [];
  for (let i = 1; i < 12; i++) {
    const t = i / 12, u = 1 - t;
    points.push([u * u * from.x + 2 * u * t * c[0] + t * t * to.x, u * u * from.y + 2 * u * t * c[1] + t * t * to.y]);
  }
  return points;
}

/* Where a label may go, nearest first: below, above, right, left and the corners of its node,
   then the same directions further out, where a leader line joins it to its node. */
const LABEL_DIRECTIONS = [[0, 1], [0, -1], [1, 0], [-1, 0], [1, 1], [-1, 1], [1, -1], [-1, -1]];
const LABEL_RINGS = [0, 14, 30, 50, 75];
const LABEL_PAD = 2;  // pixels kept clear around a label

function boxesOverlap(a, b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function boxHitsCircle(box, x, y, r) {
  const nx = Math.max(box.x0, Math.min(x, box.x1)), ny = Math.max(box.y0, Math.min(y, box.y1));
  return (nx - x) ** 2 + (ny - y) ** 2 < r * r;
}

/* Collision handling for the node labels: the busiest nodes choose first; each label takes
   the nearest place where it overlaps no other label, covers no node and stays inside the
   picture, preferring places that cross fewer arrows; a label set apart from its node gets a
   leader line. */
function placeLabels(labels, nodes, curves) {
  const placed = [];
  const order = labels.slice().sort((a, b) => (b.node.sent + b.node.received) - (a.node.sent + a.node.received) ||
    (a.node.id < b.node.id ? -1 : 1));
  for (const item of order) {
    const { node, label } = item;
    const width = label.getComputedTextLength() + 2 * LABEL_PAD, height = 13 + 2 * LABEL_PAD;
    let best = null;
    LABEL_RINGS.forEach((ring, ringIndex) => {
      LABEL_DIRECTIONS.forEach(([ux, uy], directionIndex) => {
        const reach = node.r + 2 + ring;
        const cx = node.x + ux * (reach + width / 2) * (ux && uy ? 0.8 : 1);
        const cy = node.y + uy * (reach + height / 2);
        const box = { x0: cx - width / 2, x1: cx + width / 2, y0: cy - height / 2, y1: cy + height / 2 };
        if (box.x0 < 0 || box.y0 < 0 || box.x1 > NET_W || box.y1 > NET_H) return;
        if (placed.some((other) => boxesOverlap(box, other))) return;
        if (nodes.some((other) => boxHitsCircle(box, other.x, other.y, other.r + LABEL_PAD))) return;
        let crossings = 0;
        for (const points of curves) {
          if (points.some(([px, py]) => px > box.x0 && px < box.x1 && py > box.y0 && py < box.y1)) crossings++;
        }
        const cost = ringIndex * 4 + crossings * 3 + directionIndex * 0.1;
        if (!best || cost < best.cost) best = { cost, box, cx, cy, ring };
      });
    });
    if (!best) {  // nowhere free: keep it below the node rather than drop it
      const y = node.y + node.r + 2 + height / 2;
      best = { box: { x0: node.x - width / 2, x1: node.x + width / 2, y0: y - height / 2, y1: y + height / 2 },
        cx: node.x, cy: y, ring: 0 };
    }
    placed.push(best.box);
    label.setAttribute("x", best.cx.toFixed(1));
    label.setAttribute("y", (best.cy + 4).toFixed(1));  // the text's baseline, 4px under its middle
    if (best.ring > 0) {
      // a leader line from the node's rim toward the label's nearest point
      const tx = Math.max(best.box.x0, Math.min(node.x, best.box.x1));
      const ty = Math.max(best.box.y0, Math.min(node.y, best.box.y1));
      const d = Math.max(1, Math.hypot(tx - node.x, ty - node.y));
      item.group.insertBefore(svg("line", { class: "leader", x1: (node.x + (tx - node.x) / d * node.r).toFixed(1),
        y1: (node.y + (ty - node.y) / d * node.r).toFixed(1), x2: tx.toFixed(1), y2: ty.toFixed(1) }), label);
    }
  }
}

async function loadNetwork() {
  const level = $("net-level").value;
  network = await api("/v1/network?" + query({ level, limit: NET_EDGES }));
  layoutNetwork(network.nodes, network.edges);
  drawNetwork();
}

/* Clicking an edge lists that dyad's events in the table (exact codes at the actor level). */
function selectDyad(source, target) {
  state.dyad = { level: network.level, source, target };
  state.offset = 0;
  drawNetwork();
  loadEvents().catch(showError);
}

function clearDyad() {
  state.dyad = null;
  state.offset = 0;
  if (network) drawNetwork();
  loadEvents().catch(showError);
}

function dyadFilter() {
  if (!state.dyad) return {};
  const { level, source, target } = state.dyad;
  return level === "country" ? { source_country: source, target_country: target }
    : { source_code: source, target_code: target };
}

/* ------------------------------------------------------------------ article view */
function spansOf(article) {
  const spans = [];
  const add = (s, kind, extra) => {
    if (s && Number.isInteger(s.start) && Number.isInteger(s.end) && s.end > s.start) {
      spans.push({ start: s.start, end: s.end, kind, ...extra });
    }
  };
  for (const q of article.quotes || []) {
    // a split quote is drawn piece by piece, without the attribution between its pieces
    const pieces = q.parts && q.parts.length ? q.parts : [q.content];
    for (const piece of pieces) add(piece, "quote", { title: quoteWho(q) });
  }
  for (const a of article.actors || []) add(a, "actor", { title: `${a.code || "uncoded"} · ${a.resolved_by || "?"}` });
  for (const p of article.places || []) add(p, "place", { title: `${p.name || p.text}${p.country ? " (" + p.country + ")" : ""}` });
  for (const t of article.times || []) add(t, "time", { title: t.value || "" });
  (article.events || []).forEach((e, i) => add(e.trigger, "trigger", { event: i, title: `${e.cameo} ${e.name || ""}` }));
  return spans;
}

function renderText(text, spans) {
  const container = $("article-text");
  container.replaceChildren();
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(Math.min(s.start, text.length)); cuts.add(Math.min(s.end, text.length)); }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = spans.filter((s) => s.start <= a && s.end >= b);
    const piece = text.slice(a, b);
    if (!covering.length) { container.append(piece); continue; }
    let node = document.createTextNode(piece);
    // nest: outermost (longest) first, so quotes wrap actors and triggers
    covering.sort((x, y) => (y.end - y.start) - (x.end - x.start));
    for (const s of covering.reverse()) {
      const wrap = el("span", { class: "hl " + s.kind, title: s.title || null,
        "data-event": s.event !== undefined ? String(s.event) : null });
      wrap.append(node);
      node = wrap;
    }
    container.append(node);
  }
}

function quoteWho(q) {
  // the speaker by name, with the words that stand for it in the text ("he")
  const s = q.speaker;
  let who = "no speaker";
  if (s) {
    who = s.name && s.name !== s.text ? `${s.name} (“${s.text}”)` : (s.name || s.text);
    if (s.code) who += ` · ${s.code}`;
  }
  return `${q.direct ? "quote" : "reported"} · ${who}${q.cue ? " · " + q.cue : ""}`;
}

function actorWhy(a, role) {
  if (!a) return `${role}: none`;
  const code = a.code ? a.code : "uncoded";
  const how = a.resolved_by ? ` (resolved by ${a.resolved_by})` : "";
  return `${role}: “${a.text ?? "?"}” → ${code}${how}`;
}

function renderArticle(article, focusEvent) {
  $("article-card").hidden = false;
  $("article-title").textContent = article.title || article.id || "Article";
  $("article-meta").textContent = [article.date, article.source, article.id,
    `${(article.events || []).length} event(s)`].filter(Boolean).join(" · ");
  renderText(article.text || "", spansOf(article));
  const list = $("explanations");
  list.replaceChildren();
  (article.events || []).forEach((e, i) => {
    const where = e.location ? (e.location.name || e.location.text) : null;
    const li = el("li", { class: "explanation q-" + e.quad_class, "data-event": String(i) },
      el("div", {}, el("b", {}, `“${e.trigger ? e.trigger.text : "?"}” → `),
        el("span", { class: "code" }, `CAMEO ${e.cameo}`), ` ${e.name || ""}`),
      el("div", { class: "why" }, `quad ${e.quad_class}, Goldstein ${e.goldstein}, ` +
        `PLOVER ${e.plover ? e.plover.event : "?"}, ${e.modality}, confidence ${e.confidence}`),
      el("div", { class: "why" }, actorWhy(e.source, "source")),
      el("div", { class: "why" }, actorWhy(e.target, "target")),
      el("div", { class: "why" }, [e.date && e.date.value ? `when: ${e.date.value} (${e.date.granularity})` : null,
        where ? `where: ${where}` : null].filter(Boolean).join(" · ")));
    li.addEventListener("click", () => focus(i));
    list.append(li);
  });
  for (const q of article.quotes || []) {
    const text = (q.parts && q.parts.length ? q.parts : [q.content]).map((p) => p.text).join(" … ");
    list.append(el("li", { class: "explanation quote-said" },
      el("div", {}, el("b", {}, quoteWho(q))),
      el("div", { class: "why" }, `“${text.length > 160 ? text.slice(0, 160) + "…" : text}”`)));
  }
  if (focusEvent !== undefined) focus(focusEvent);
}

function focus(i) {
  for (const n of document.querySelectorAll(".hl.focus")) n.classList.remove("focus");
  const target = document.querySelector(`.hl.trigger[data-event="${i}"]`);
  if (target) { target.classList.add("focus"); target.scrollIntoView({ block: "nearest" }); }
}

async function openArticle(id, eventIdx) {
  try {
    const article = await api("/v1/articles/" + encodeURIComponent(id));
    const position = (article.events || []).findIndex((e) => e.idx === eventIdx);
    renderArticle(article, position >= 0 ? position : undefined);
    $("article-card").scrollIntoView({ behavior: "instant", block: "start" });
  } catch (error) { showError(error); }
}

async function codeArticle() {
  const text = $("code-text").value;
  $("code-status").textContent = "coding…";
  try {
    // sent as text/plain, so the server reads it as `whodid code` reads a .txt file: the
    // first line is the headline (unless a title is given) and a dateline starts the body
    const params = new URLSearchParams();
    if ($("code-date").value) params.set("date", $("code-date").value);
    if ($("code-title").value.trim()) params.set("title", $("code-title").value.trim());
    const result = await api("/v1/code?" + params.toString(), { method: "POST",
      headers: { "Content-Type": "text/plain; charset=utf-8" }, body: text });
    $("code-status").textContent = `${result.events.length} event(s) coded (not stored)`;
    renderArticle(result);
  } catch (error) {
    $("code-status").textContent = "error: " + error.message;
  }
}

/* ------------------------------------------------------------------ wiring */
async function refresh() {
  showError(null);
  try {
    await Promise.all([loadEvents(), loadMap(), loadTimeline(), loadNetwork()]);
  } catch (error) { showError(error); }
}

async function loadSummary() {
  try {
    const s = await api("/v1/stats");
    const [first, last] = s.event_dates || [];
    // Undated articles (the BBC corpus) date only the events whose clause names a date: say
    // how many the range covers rather than let it stand for all of them.
    const dated = s.dated_events < s.counts.events ? `${s.dated_events} dated ` : "";
    $("summary").textContent = `${s.counts.articles} articles · ${s.counts.events} events` +
      (first ? ` · ${dated}${first} – ${last}` : "");
  } catch (error) { $("summary").textContent = "store unavailable: " + error.message; }
}

document.addEventListener("DOMContentLoaded", () => {
  $("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    state.filters = readFilters();
    state.offset = 0;
    state.dyad = null;
    refresh();
  });
  $("filters").addEventListener("reset", () => {
    setTimeout(() => { state.filters = {}; state.offset = 0; state.dyad = null; refresh(); }, 0);
  });
  $("f-by").addEventListener("change", () => loadTimeline().catch(showError));
  $("timeline-range").addEventListener("change", () => loadTimeline().catch(showError));
  $("net-level").addEventListener("change", () => { state.dyad = null; Promise.all([loadNetwork(), loadEvents()]).catch(showError); });
  $("net-color").addEventListener("change", () => { if (network) drawNetwork(); });
  $("dyad-clear").addEventListener("click", clearDyad);
  $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); loadEvents().catch(showError); });
  $("next").addEventListener("click", () => { if (state.nextOffset !== null) { state.offset = state.nextOffset; loadEvents().catch(showError); } });
  $("code-btn").addEventListener("click", codeArticle);
  document.body.dataset.ready = "false";
  Promise.all([loadSummary(), refresh()]).then(() => { document.body.dataset.ready = "true"; });
});
