/* whodid dashboard: vanilla JS over the /v1 API; no external code, no build step. */
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const PAGE = 25;
const state = { offset: 0, nextOffset: null, filters: {} };
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
  const data = await api("/v1/events?" + query({ limit: PAGE, offset: state.offset }));
  state.nextOffset = data.next_offset;
  const body = $("events").tBodies[0];
  body.replaceChildren();
  for (const row of data.events) {
    const tr = el("tr", { class: "event-row q-" + row.quad_class, "data-article": row.article_id },
      el("td", {}, row.event_date || row.article_date || ""),
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
  $("page").textContent = data.count
    ? `rows ${state.offset + 1}–${state.offset + data.count}` : "";
  $("events-note").textContent = `(${data.count} shown)`;
}

/* ------------------------------------------------------------------ map */
let countries = null;
const px = (lon) => (lon + 180) * 2;
const py = (lat) => (90 - lat) * 2;

function goldColor(g) {
  if (g === null || g === undefined) return "#777";
  return g < 0 ? "#c0392b" : "#2a8f5e";
}

async function loadMap() {
  if (countries === null) countries = (await api("/v1/countries")).countries;
  const data = await api("/v1/map?" + query({}));
  const map = $("map");
  map.replaceChildren();
  for (let lon = -180; lon <= 180; lon += 30) {
    map.append(svg("line", { x1: px(lon), y1: 0, x2: px(lon), y2: 360, stroke: "#cfdbe8", "stroke-width": 0.5 }));
  }
  for (let lat = -60; lat <= 90; lat += 30) {
    map.append(svg("line", { x1: 0, y1: py(lat), x2: 720, y2: py(lat), stroke: lat === 0 ? "#a9bccf" : "#cfdbe8", "stroke-width": 0.5 }));
  }
  for (const c of countries) {
    if (c.lat === null || c.lon === null) continue;
    const dot = svg("circle", { cx: px(c.lon), cy: py(c.lat), r: 1.6, fill: "#9aa6b2", class: "country" });
    dot.append(svg("title", {}, `${c.name} (${c.code})`));
    map.append(dot);
  }
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
}

/* ------------------------------------------------------------------ timeline */
async function loadTimeline() {
  const by = $("f-by").value;
  const { rows } = await api("/v1/timeline?" + query({ by, quad: null, text: null, actor: null }));
  const chart = $("timeline");
  chart.replaceChildren();
  const W = 720, H = 260, L = 40, R = 40, T = 10, B = 30;
  $("timeline-note").textContent = `(${rows.length} ${by}s)`;
  if (!rows.length) {
    chart.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", fill: "#777" }, "No dated events."));
    return;
  }
  const max = Math.max(1, ...rows.map((r) => r.events));
  const step = (W - L - R) / rows.length;
  const bw = Math.max(1, Math.min(40, step * 0.8));
  const y = (n) => T + (H - T - B) * (1 - n / max);
  const gy = (g) => T + (H - T - B) * (1 - (g + 10) / 20);
  chart.append(svg("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: "#888" }));
  chart.append(svg("text", { x: L - 4, y: y(max) + 4, "text-anchor": "end", "font-size": 10 }, String(max)));
  chart.append(svg("text", { x: L - 4, y: H - B, "text-anchor": "end", "font-size": 10 }, "0"));
  chart.append(svg("text", { x: W - R + 4, y: gy(10) + 4, "font-size": 10 }, "+10"));
  chart.append(svg("text", { x: W - R + 4, y: gy(-10), "font-size": 10 }, "−10"));
  chart.append(svg("line", { x1: L, y1: gy(0), x2: W - R, y2: gy(0), stroke: "#bbb", "stroke-dasharray": "3 3" }));
  const colors = { q1: "#4e9ad6", q2: "#2a6f3e", q3: "#e8a33d", q4: "#c0392b" };
  const points = [];
  rows.forEach((r, i) => {
    const x = L + i * step + (step - bw) / 2;
    let base = 0;
    for (const q of ["q1", "q2", "q3", "q4"]) {
      if (!r[q]) continue;
      const rect = svg("rect", { x, y: y(base + r[q]), width: bw, height: y(base) - y(base + r[q]), fill: colors[q], class: "bar" });
      rect.append(svg("title", {}, `${r.period}: ${q.toUpperCase()} ${r[q]} of ${r.events}`));
      chart.append(rect);
      base += r[q];
    }
    if (r.goldstein_mean !== null) points.push(`${x + bw / 2},${gy(r.goldstein_mean)}`);
  });
  if (points.length) {
    chart.append(svg("polyline", { points: points.join(" "), fill: "none", stroke: "#222", "stroke-width": 1.5 }));
  }
  const labels = rows.length > 1 ? [0, rows.length - 1] : [0];
  if (rows.length > 4) labels.splice(1, 0, Math.floor(rows.length / 2));
  for (const i of labels) {
    chart.append(svg("text", { x: L + i * step + step / 2, y: H - 10, "text-anchor": "middle", "font-size": 10 }, rows[i].period));
  }
}

/* ------------------------------------------------------------------ article view */
function spansOf(article) {
  const spans = [];
  const add = (s, kind, extra) => {
    if (s && Number.isInteger(s.start) && Number.isInteger(s.end) && s.end > s.start) {
      spans.push({ start: s.start, end: s.end, kind, ...extra });
    }
  };
  for (const q of article.quotes || []) add(q.content, "quote");
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
    const payload = { text };
    if ($("code-date").value) payload.date = $("code-date").value;
    if ($("code-title").value.trim()) payload.title = $("code-title").value.trim();
    const result = await api("/v1/code", { method: "POST",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) });
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
    await Promise.all([loadEvents(), loadMap(), loadTimeline()]);
  } catch (error) { showError(error); }
}

async function loadSummary() {
  try {
    const s = await api("/v1/stats");
    const [first, last] = s.event_dates || [];
    $("summary").textContent = `${s.counts.articles} articles · ${s.counts.events} events` +
      (first ? ` · ${first} – ${last}` : "");
  } catch (error) { $("summary").textContent = "store unavailable: " + error.message; }
}

document.addEventListener("DOMContentLoaded", () => {
  $("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    state.filters = readFilters();
    state.offset = 0;
    refresh();
  });
  $("filters").addEventListener("reset", () => {
    setTimeout(() => { state.filters = {}; state.offset = 0; refresh(); }, 0);
  });
  $("f-by").addEventListener("change", () => loadTimeline().catch(showError));
  $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); loadEvents().catch(showError); });
  $("next").addEventListener("click", () => { if (state.nextOffset !== null) { state.offset = state.nextOffset; loadEvents().catch(showError); } });
  $("code-btn").addEventListener("click", codeArticle);
  document.body.dataset.ready = "false";
  Promise.all([loadSummary(), refresh()]).then(() => { document.body.dataset.ready = "true"; });
});
