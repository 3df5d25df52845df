"use strict";
// The live training page: polls /api/campaigns/{id} and draws each model's loss curves as inline SVG.
const params = new URLSearchParams(location.search);
const pollMs = Math.max(100, Number(params.get("poll")) || 1000);
const svgNs = "http://www.w3.org/2000/svg";
const chart = { width: 320, height: 150, left: 44, right: 6, top: 8, bottom: 18 };

let campaign = params.get("campaign");
let shown = null;        // the campaign whose models are on the page
let curves = new Map();  // model -> [[epoch, train, validation, rmse], ...]
let cards = new Map();   // model -> the card's elements
let tick = 0;

const $ = id => document.getElementById(id);
const fmt = v => v == null ? "–" : Math.abs(v) < 0.01 && v !== 0 ? v.toExponential(2) : v.toPrecision(3);
const el = (tag, attrs = {}, text) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
};

async function json(url) {
  const response = await fetch(url, { cache: "no-store" });
  if (response.status === 404) throw new Error(`campaign ${campaign} has not been started (yet)`);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

async function poll() {
  try {
    if (tick++ % 5 === 0 || !campaign) {
      const list = await json("/api/campaigns");
      if (!params.get("campaign")) campaign = list.length ? list[list.length - 1].id : null;
      renderNav(list);
    }
    if (!campaign) {
      $("summary").textContent = "No campaign has been started on this cluster yet.";
    } else {
      if (campaign !== shown) reset();
      // Every model on the page counts, those without points as 0, so none misses its first epochs.
      const lasts = [...cards.keys()].map(model => curves.get(model)?.at(-1)?.[0] ?? 0);
      const query = shown && lasts.length
        ? `?after=${Math.min(...lasts)}&known=${lasts.reduce((a, b) => a + b, 0)}` : "";
      render(await json(`/api/campaigns/${encodeURIComponent(campaign)}${query}`));
    }
  } catch (error) {
    $("summary").replaceChildren(el("span", { class: "error" }, `Cannot read the campaign: ${error.message}`));
  }
  setTimeout(poll, pollMs);
}

function reset() {
  shown = campaign;
  curves = new Map();
  cards = new Map();
  $("models").replaceChildren();
}

function renderNav(list) {
  $("campaigns").replaceChildren(...list.map(c => {
    const a = el("a", { href: `?campaign=${encodeURIComponent(c.id)}`, title: c.phase }, c.id);
    if (c.id === campaign) a.className = "current";
    return a;
  }));
}

function render(view) {
  for (const curve of view.curves ?? []) {
    if (!curve.points.length) continue;
    const first = curve.points[0][0];
    // Points from `first` on replace what the page had: a resumed model reports repeated epochs anew.
    curves.set(curve.model, (curves.get(curve.model) ?? []).filter(p => p[0] < first).concat(curve.points));
  }
  const ended = view.models.filter(m => m.state !== "training" && m.state !== "pending").length;
  $("summary").replaceChildren(
    el("strong", {}, view.id), ` · ${view.phase} · ensemble version ${view.ensembleVersion || "none yet"} · `,
    `${ended} of ${view.models.length} models done · updated ${new Date().toLocaleTimeString()}`);
  for (const model of view.models) update(card(model.model), model, curves.get(model.model) ?? []);
}

function card(model) {
  if (cards.has(model)) return cards.get(model);
  const root = el("article", { class: "model", "data-model": model });
  const state = el("span", { class: "state" });
  const title = el("h2", {}, model);
  title.append(state);
  const fields = {};
  const dl = el("dl");
  for (const [key, label, wide] of [["epoch", "epoch"], ["best", "best"], ["train", "train loss"],
    ["validation", "val loss"], ["rmse", "val RMSE"], ["speed", "images/s"], ["silo", "silo", true], ["device", "device", true]]) {
    dl.append(el("dt", {}, label));
    fields[key] = el("dd", wide ? { class: "wide" } : {});
    dl.append(fields[key]);
  }
  const svg = document.createElementNS(svgNs, "svg");
  svg.setAttribute("viewBox", `0 0 ${chart.width} ${chart.height}`);
  svg.setAttribute("role", "img");
  const error = el("div", { class: "error-text" });
  root.append(title, dl, svg, error);
  $("models").append(root);
  const parts = { root, state, fields, svg, error };
  cards.set(model, parts);
  return parts;
}

function update(parts, m, points) {
  parts.root.dataset.state = m.state;
  parts.state.className = `state ${m.state}`;
  parts.state.textContent = m.waitsFor ? `waits for ${m.waitsFor}` : m.state.replace("-", " ");
  const f = parts.fields;
  f.epoch.textContent = m.epoch;
  f.best.textContent = m.bestEpoch ? `${m.bestEpoch} (${fmt(m.bestValidationLoss)})` : "–";
  f.train.textContent = fmt(m.trainLoss);
  f.validation.textContent = fmt(m.validationLoss);
  f.rmse.textContent = m.validationRmsePx == null ? "–" : `${m.validationRmsePx.toFixed(2)} px`;
  f.speed.textContent = m.imagesPerSecond ? Math.round(m.imagesPerSecond).toLocaleString() : "–";
  f.silo.textContent = m.silo || "–";
  f.silo.title = m.silo;
  f.device.textContent = m.device || "–";
  parts.error.textContent = m.error ?? "";
  draw(parts.svg, points, m.bestEpoch);
}

function draw(svg, points, bestEpoch) {
  svg.dataset.points = points.length;
  svg.setAttribute("aria-label", `${points.length} epochs of loss`);
  const values = points.flatMap(p => [p[1], p[2]]).filter(v => v > 0);
  const frame = svgElement("rect", { class: "frame", x: chart.left, y: chart.top,
    width: chart.width - chart.left - chart.right, height: chart.height - chart.top - chart.bottom });
  if (!values.length) {
    svg.replaceChildren(frame, label(chart.left + 8, chart.height / 2, "waiting for the first epoch"));
    return;
  }
  const [lo, hi] = [Math.log10(Math.min(...values)), Math.log10(Math.max(...values))];
  const span = hi - lo || 1;
  const lastEpoch = points[points.length - 1][0];
  const x = e => chart.left + (lastEpoch <= 1 ? 0.5 : (e - 1) / (lastEpoch - 1)) * (chart.width - chart.left - chart.right);
  const y = v => chart.top + (hi - Math.log10(v)) / span * (chart.height - chart.top - chart.bottom);
  const line = (index, cls) => {
    const coords = points.filter(p => p[index] > 0).map(p => `${x(p[0]).toFixed(1)},${y(p[index]).toFixed(1)}`);
    const last = coords[coords.length - 1]?.split(",");
    return [svgElement("polyline", { class: cls, points: coords.join(" ") }),
      ...(last ? [svgElement("circle", { class: cls, cx: last[0], cy: last[1], r: 2 })] : [])];
  };
  const best = points.find(p => p[0] === bestEpoch);
  svg.replaceChildren(frame, ...line(1, "train"), ...line(2, "validation"),
    ...(best && best[2] > 0 ? [svgElement("circle", { class: "validation", cx: x(best[0]), cy: y(best[2]), r: 4 })] : []),
    label(2, chart.top + 8, fmt(10 ** hi)), label(2, chart.height - chart.bottom, fmt(10 ** lo)),
    label(chart.left, chart.height - 4, "epoch 1"), label(chart.width - 60, chart.height - 4, `epoch ${lastEpoch}`));
}

function svgElement(tag, attrs) {
  const e = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function label(x, y, text) {
  const t = svgElement("text", { x, y });
  t.textContent = text;
  return t;
}

poll();
