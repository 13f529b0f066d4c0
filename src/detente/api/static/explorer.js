// detente what-if explorer: a page over the JSON API (docs/api.md). No framework, no build:
// the controls are native inputs (keyboard-operable), the state lives in the URL so a what-if
// can be shared, and every number shown comes from the API's forecast document.
"use strict";

const LIVE = { draws: 2000, precision: 0.06, months: 24 };
const FULL = { draws: 20000, precision: 0.02, months: 24 };
const REASONS = {
  accepted: "accepts",
  red_line: "a red line",
  bottom_line: "a bottom line",
  walk_away: "fighting on is better (walk-away value)",
  public_tolerance: "its public would refuse",
  coupling: "wants settlement progress first",
  holds_no_term: "holds no position on these terms",
};

const $ = (id) => document.getElementById(id);
const state = {
  scenario: null, // name
  view: null, // GET /api/scenarios/{name}/controls
  values: {}, // control id -> value (only those moved from the baseline)
  compare: false,
  full: false,
  side: null,
  offer: {}, // issue id -> value (string option id or number)
};
let baseline = null; // forecast document at the scenario's own values, same size as the current
let current = null;
let runCounter = 0;
let debounce = null;

// --- API ---------------------------------------------------------------------------------

async function api(path, body) {
  const init = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  };
  const r = await fetch(path, init);
  const data = await r.json().catch(() => ({}));
  if (!r.ok) {
    const d = data.detail || {};
    const problems = (d.problems || []).map((p) => `${p.field}: ${p.message} (${p.fix})`);
    throw new Error([d.message || `HTTP ${r.status}`, ...problems].join("; "));
  }
  return data;
}

const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

async function forecast(values, size) {
  const body = {
    scenario: state.scenario, controls: values, draws: size.draws,
    months: size.months, precision: size.precision, seed: 42,
  };
  let job;
  for (;;) {
    try {
      job = await api("/api/forecasts", body);
      break;
    } catch (e) {
      if (!String(e.message).includes("queued or running")) throw e;
      await sleep(300); // the server's queue is full: wait our turn
    }
  }
  for (;;) {
    const v = await api(job.poll);
    if (v.status === "done") return { doc: v.result, sets: job.sets, cached: job.cached };
    if (v.status === "failed") throw new Error(v.error || "the forecast failed");
    const p = v.progress || {};
    if (p.total) $("precision").textContent = `running… ${p.done.toLocaleString()} / ${p.total.toLocaleString()} draws`;
    await sleep(60);
  }
}

// --- formatting --------------------------------------------------------------------------

function pct(p) {
  if (p === null || p === undefined || Number.isNaN(p)) return "–";
  const x = 100 * p;
  return x < 10 ? `${x.toFixed(1)}%` : `${x.toFixed(0)}%`;
}
function pts(d) {
  const x = 100 * d;
  const s = Math.abs(x) < 10 ? x.toFixed(1) : x.toFixed(0);
  return `${x >= 0 ? "+" : ""}${s} pts`;
}
function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k);
  return e;
}
function table(headers, rows, numeric = []) {
  const t = el("table");
  const tr = el("tr");
  headers.forEach((h, i) => tr.append(el("th", { class: numeric.includes(i) ? "num" : "", scope: "col", text: h })));
  t.append(el("thead", {}, tr));
  const body = el("tbody");
  for (const row of rows) {
    const r = el("tr");
    row.forEach((cell, i) => {
      const td = el("td", { class: numeric.includes(i) ? "num" : "" });
      if (cell instanceof Node) td.append(cell); else td.textContent = cell;
      r.append(td);
    });
    body.append(r);
  }
  t.append(body);
  return t;
}

// --- URL state ---------------------------------------------------------------------------

function writeUrl() {
  const q = new URLSearchParams();
  q.set("scenario", state.scenario);
  for (const [k, v] of Object.entries(state.values)) q.set(k, typeof v === "boolean" ? (v ? "1" : "0") : String(v));
  if (state.compare) q.set("compare", "1");
  if (state.full) q.set("full", "1");
  if (state.side) q.set("side", state.side);
  for (const [k, v] of Object.entries(state.offer)) q.set(`offer.${k}`, String(v));
  history.replaceState(null, "", `${location.pathname}?${q.toString()}`);
}

function readUrl(view) {
  const q = new URLSearchParams(location.search);
  const byId = Object.fromEntries(view.controls.map((c) => [c.id, c]));
  state.values = {};
  for (const [k, raw] of q.entries()) {
    const c = byId[k];
    if (!c) continue;
    const v = c.kind === "toggle" ? raw === "1" : Number(raw);
    if (c.kind === "slider" && (!Number.isFinite(v) || v < c.min || v > c.max)) continue;
    if (v !== c.value) state.values[k] = v;
  }
  state.compare = q.get("compare") === "1";
  state.full = q.get("full") === "1";
  const side = q.get("side");
  state.side = view.actors.some((a) => a.id === side) ? side : null;
  state.offer = {};
  const issues = Object.fromEntries(view.issues.map((i) => [i.id, i]));
  for (const [k, raw] of q.entries()) {
    if (!k.startsWith("offer.")) continue;
    const issue = issues[k.slice(6)];
    if (!issue) continue;
    if (issue.kind === "ordinal") {
      if (issue.options.some((o) => o.id === raw)) state.offer[issue.id] = raw;
    } else {
      const v = Number(raw);
      if (Number.isFinite(v) && v >= issue.low && v <= issue.high) state.offer[issue.id] = v;
    }
  }
}

// --- controls ----------------------------------------------------------------------------

function controlValue(c) {
  return c.id in state.values ? state.values[c.id] : c.value;
}

function renderControls() {
  for (const g of ["levers", "beliefs", "table"]) {
    const fs = $(`group-${g}`);
    fs.replaceChildren(fs.querySelector("legend"));
  }
  let leverBox = null;
  let leverKey = null;
  for (const c of state.view.controls) {
    const id = `ctl-${c.id}`;
    const wrap = el("div", { class: "control", id: `wrap-${c.id}` });
    const label = el("label", { for: id, title: c.help });
    let input;
    if (c.kind === "toggle") {
      input = el("input", { type: "checkbox", id, "data-control": c.id });
      input.checked = Boolean(controlValue(c));
      label.append(input, " ", c.label);
      wrap.append(label);
    } else {
      input = el("input", {
        type: "range", id, min: c.min, max: c.max, step: c.step, "data-control": c.id,
        "aria-describedby": `${id}-value`,
      });
      input.value = controlValue(c);
      input.setAttribute("aria-label", c.label);
      const shown = el("span", { class: "value", id: `${id}-value`, text: String(controlValue(c)) });
      // inside a lever's box its name is already on the switch: "credibility", "level"
      const short = c.group === "levers" ? c.label.split(": ").pop() : c.label;
      label.append(short, ": ", shown);
      wrap.append(label, input);
    }
    wrap.classList.toggle("changed", c.id in state.values);
    input.addEventListener(c.kind === "toggle" ? "change" : "input", () => onControl(c, input));
    if (c.group === "levers") {
      const key = c.id.split(".").slice(1).join(".");
      if (key !== leverKey) {
        leverKey = key;
        leverBox = el("div", { class: "lever" });
        $("group-levers").append(leverBox);
      }
      leverBox.append(wrap);
    } else {
      $(`group-${c.group}`).append(wrap);
    }
  }
}

function onControl(c, input) {
  const v = c.kind === "toggle" ? input.checked : Number(input.value);
  if (c.kind === "slider") $(`ctl-${c.id}-value`).textContent = String(v);
  if (v === c.value) delete state.values[c.id]; else state.values[c.id] = v;
  $(`wrap-${c.id}`).classList.toggle("changed", c.id in state.values);
  writeUrl();
  clearTimeout(debounce);
  debounce = setTimeout(run, 250);
}

// --- results -----------------------------------------------------------------------------

const CARDS = [
  ["p_deal_by_horizon", "P(deal: a settlement signed by {h})", "p_deal_by_horizon_low", "p_deal_by_horizon_high"],
  ["calibrated", "P(settlement by {h}), calibrated on past negotiations"],
  ["p_ceasefire_at_horizon", "P(ceasefire or settlement in force in {h})"],
  ["p_military_decision_by_horizon", "P(military decision by {h})"],
  ["durability_5y", "Durability: P(a deal holds 5 years)"],
];

function headlineValue(doc, key) {
  if (key === "calibrated") {
    const c = doc.calibration;
    return c ? [c.p_deal_by_horizon, c.p_deal_by_horizon_low, c.p_deal_by_horizon_high] : [null];
  }
  const h = doc.headline;
  const spec = CARDS.find((k) => k[0] === key);
  return [h[key], spec[2] ? h[spec[2]] : undefined, spec[3] ? h[spec[3]] : undefined];
}

function renderHeadline() {
  const box = $("headline");
  box.replaceChildren();
  const months = current.run.months;
  const horizon = months[months.length - 1];
  for (const [key, template] of CARDS) {
    const label = template.replace("{h}", horizon);
    const [p, lo, hi] = headlineValue(current, key);
    const card = el("div", { class: "card", id: `card-${key}`, "data-value": p === null || p === undefined ? "" : String(p) });
    card.append(el("div", { class: "label", text: label }), el("div", { class: "big", text: pct(p) }));
    if (lo !== undefined && lo !== null) card.append(el("div", { class: "interval", text: `90%: ${pct(lo)}–${pct(hi)}` }));
    if (state.compare && baseline && p !== null && p !== undefined) {
      const [b] = headlineValue(baseline, key);
      if (b !== null && b !== undefined) {
        const d = p - b;
        const cls = Math.abs(d) < 5e-4 ? "delta" : d > 0 ? "delta up" : "delta down";
        card.append(el("div", { class: cls, "data-baseline": String(b), text: `baseline ${pct(b)} · ${pts(d)}` }));
      }
    }
    box.append(card);
  }
  const card = (current.analyses || []).find((a) => a.name === "proposals");
  const sim = current.run.n_draws.toLocaleString();
  let text = `${state.full ? "Full run" : "Live view"}: ${sim} draws, seed ${current.run.seed}`;
  if (card) text += `; scorecard ${card.n_draws.toLocaleString()} draws, each P(accept) within ±${(100 * card.achieved_half_width).toFixed(1)} pts (90%)`;
  if (!state.full) text += ". “Full run” for 20,000 draws.";
  $("precision").textContent = text;
  const sets = current.whatif ? current.whatif.sets : [];
  $("precision").title = sets.length ? `detente forecast ${sets.map((s) => `--set '${s}'`).join(" ")}` : "the scenario as written";
}

function bandTraces(rows, name, colour, dash, showBand) {
  const x = rows.map((r) => r.month);
  const out = [];
  if (showBand) {
    out.push({ x, y: rows.map((r) => r.high), mode: "lines", line: { width: 0 }, showlegend: false, hoverinfo: "skip" });
    out.push({
      x, y: rows.map((r) => r.low), mode: "lines", line: { width: 0 }, fill: "tonexty",
      fillcolor: colour.replace("rgb", "rgba").replace(")", ",0.15)"), name: `${name} 90%`, hoverinfo: "skip",
    });
  }
  out.push({ x, y: rows.map((r) => r.p), mode: "lines+markers", name, line: { color: colour, dash } });
  return out;
}

function renderChart() {
  const series = [
    ["p_settlement_by_month", "Settlement", "rgb(31,119,180)"],
    ["p_ceasefire_reached_by_month", "Ceasefire reached", "rgb(44,160,44)"],
  ];
  let traces = [];
  for (const [key, name, colour] of series) traces = traces.concat(bandTraces(current[key], name, colour, "solid", true));
  if (state.compare && baseline) {
    for (const [key, name, colour] of series) traces = traces.concat(bandTraces(baseline[key], `${name} (baseline)`, colour, "dot", false));
  }
  Plotly.react("chart-deal", traces, {
    margin: { t: 10, r: 10, b: 40, l: 50 }, yaxis: { tickformat: ".1%", rangemode: "tozero", title: "P(by month)" },
    legend: { orientation: "h", y: -0.2 }, height: 340,
  }, { displaylogo: false, responsive: true });
}

function renderTerms() {
  const rows = current.terms.map((t) => [t.issue_name, t.n > 0 ? t.label_q50 : "no draw reached a deal", t.n.toLocaleString()]);
  $("terms").replaceChildren(table(["Issue", "Median term in draws with a deal", "Draws with a deal"], rows, [2]));
}

function renderScorecard() {
  const props = state.view.proposals;
  const actors = state.view.actors.map((a) => a.id);
  const cell = (doc, p, a) => (doc && doc.proposals || []).find((r) => r.proposal === p && r.actor === a);
  const rows = props.map((p) => [p.name, ...actors.map((a) => {
    const r = cell(current, p.id, a);
    if (!r) return "–";
    const span = el("span", { title: r.acceptable ? "accepts" : `binding: ${REASONS[r.reason] || r.reason}${r.binding_issue ? ` on ${r.binding_issue}` : ""}`, text: pct(r.p_accept) });
    const b = state.compare ? cell(baseline, p.id, a) : null;
    if (b && Math.abs(r.p_accept - b.p_accept) >= 5e-4) span.append(` (${pts(r.p_accept - b.p_accept)})`);
    return span;
  })]);
  $("scorecard").replaceChildren(props.length ? table(["Proposal", ...actors], rows, actors.map((_, i) => i + 1)) : el("p", { text: "This scenario names no proposals." }));
}

function renderAll() {
  renderHeadline();
  renderChart();
  renderTerms();
  renderScorecard();
}

async function run() {
  const mine = ++runCounter;
  const size = state.full ? FULL : LIVE;
  document.body.classList.add("busy");
  $("error").hidden = true;
  try {
    const want = [forecast(state.values, size)];
    if (state.compare) want.push(forecast({}, size));
    const [now, base] = await Promise.all(want);
    if (mine !== runCounter) return; // a newer what-if superseded this one
    current = now.doc;
    baseline = base ? base.doc : baseline;
    renderAll();
    document.body.dataset.ready = String(mine);
  } catch (e) {
    if (mine !== runCounter) return;
    $("error").textContent = e.message;
    $("error").hidden = false;
  } finally {
    if (mine === runCounter) document.body.classList.remove("busy");
  }
}

// --- play one side -----------------------------------------------------------------------

function renderPlay() {
  const sel = $("play-actor");
  sel.replaceChildren(...state.view.actors.map((a) => el("option", { value: a.id, text: `${a.name} (${a.role})` })));
  if (!state.side) state.side = state.view.actors[0].id;
  sel.value = state.side;
  const grid = $("play-issues");
  grid.replaceChildren();
  for (const issue of state.view.issues) {
    const id = `offer-${issue.id}`;
    const label = el("label", { for: id, text: `${issue.name}${issue.unit ? ` (${issue.unit})` : ""}` });
    let input;
    if (issue.kind === "ordinal") {
      input = el("select", { id, "data-issue": issue.id });
      input.append(el("option", { value: "", text: "— leave open —" }));
      for (const o of issue.options) input.append(el("option", { value: o.id, text: o.label }));
      input.value = issue.id in state.offer ? state.offer[issue.id] : "";
    } else {
      input = el("input", {
        id, type: "number", min: issue.low, max: issue.high, step: "any",
        placeholder: `open (${issue.low}–${issue.high})`, "data-issue": issue.id,
      });
      input.value = issue.id in state.offer ? state.offer[issue.id] : "";
    }
    input.addEventListener("change", () => {
      const raw = input.value;
      if (raw === "") delete state.offer[issue.id];
      else state.offer[issue.id] = issue.kind === "ordinal" ? raw : Number(raw);
      writeUrl();
    });
    grid.append(el("div", {}, label, input));
  }
}

async function scorePackage() {
  if (!Object.keys(state.offer).length) {
    $("play-status").textContent = "Set at least one term first.";
    return;
  }
  $("play-status").textContent = "Putting the package…";
  try {
    const res = await api("/api/packages/score", {
      scenario: state.scenario, controls: state.values, package: state.offer, draws: 500, seed: 42,
    });
    renderVerdicts(res);
    $("play-status").textContent = "";
  } catch (e) {
    $("play-status").textContent = e.message;
  }
}

function renderVerdicts(res) {
  const others = res.verdicts.filter((v) => v.actor !== state.side);
  const rows = others.map((v) => [
    v.actor,
    el("span", { class: v.acceptable ? "yes" : "no", text: v.acceptable ? "accepts" : "refuses" }),
    pct(v.p_accept),
    v.acceptable ? "–" : `${REASONS[v.reason] || v.reason}${v.binding_issue ? ` (${v.binding_issue})` : ""}`,
    v.margin === null ? "–" : v.margin.toFixed(3),
  ]);
  const dur = res.verdicts.length ? res.verdicts[0].durability : null;
  const t = table(["Actor", "Verdict", "P(accept)", "Binding reason", "Margin"], rows, [2, 4]);
  t.id = "verdicts-table";
  rows.forEach((_, i) => {
    const cell = t.tBodies[0].rows[i].cells[1];
    cell.className = others[i].acceptable ? "yes" : "no";
  });
  $("play-verdicts").replaceChildren(
    t,
    el("p", { id: "play-durability", text: `If signed, predicted durability (P it holds 5 years): ${pct(dur)}` }),
  );
  const issues = Object.fromEntries(state.view.issues.map((i) => [i.id, i.name]));
  const gaps = res.gaps.filter((g) => g.actor !== state.side);
  const grows = gaps.map((g) => [
    issues[g.issue] || g.issue, g.actor,
    g.crosses_red_line ? "beyond its red line" : g.gap > 1e-9 ? `${(100 * g.gap).toFixed(0)} pts short` : "within",
    pct(g.p_within),
  ]);
  $("play-gaps").replaceChildren(
    el("h3", { text: "How far the offer is from each side's acceptable set (0–100 scale, median bottom line)" }),
    table(["Issue", "Actor", "Gap", "P(within its bottom line)"], grows, [3]),
  );
}

// --- network -----------------------------------------------------------------------------

async function renderNetwork() {
  const net = await api(`/api/scenarios/${encodeURIComponent(state.scenario)}/network`);
  const n = net.nodes.length;
  const xy = {};
  net.nodes.forEach((node, k) => {
    const t = Math.PI / 2 - (2 * Math.PI * k) / n;
    xy[node.id] = [Math.cos(t), Math.sin(t)];
  });
  const ex = net.edges.filter((e) => e.kind === "exchange");
  const top = Math.max(1e-12, ...ex.map((e) => e.weight));
  const traces = ex.map((e, i) => ({
    x: [xy[e.source][0], xy[e.target][0]], y: [xy[e.source][1], xy[e.target][1]], mode: "lines",
    line: { color: "#7f7f7f", width: 1 + (7 * e.weight) / top }, hoverinfo: "text",
    text: e.issues.join("<br>"), name: "exchange", legendgroup: "ex", showlegend: i === 0,
  }));
  const colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];
  traces.push({
    x: net.nodes.map((d) => xy[d.id][0]), y: net.nodes.map((d) => xy[d.id][1]), mode: "markers+text",
    text: net.nodes.map((d) => d.id), textposition: "top center", name: "actors (colour: KTAB coalition)",
    marker: { size: 24, color: net.nodes.map((d) => (d.coalition < 0 ? "#7f7f7f" : colours[d.coalition % colours.length])) },
  });
  const arrows = net.edges.filter((e) => e.kind === "challenge").map((e) => {
    const [x0, y0] = xy[e.source];
    const [x1, y1] = xy[e.target];
    return {
      x: 0.9 * x1 + 0.1 * x0, y: 0.9 * y1 + 0.1 * y0, ax: 0.9 * x0 + 0.1 * x1, ay: 0.9 * y0 + 0.1 * y1,
      xref: "x", yref: "y", axref: "x", ayref: "y", showarrow: true, arrowhead: 2,
      arrowcolor: "#d62728", opacity: 0.6, arrowwidth: 1 + e.count, text: "",
    };
  });
  const axis = { visible: false, range: [-1.35, 1.35] };
  Plotly.react("chart-network", traces, {
    xaxis: axis, yaxis: { ...axis, scaleanchor: "x" }, annotations: arrows, height: 420,
    margin: { t: 10, r: 10, b: 10, l: 10 }, legend: { orientation: "h", y: -0.05 }, plot_bgcolor: "white",
  }, { displaylogo: false, responsive: true });
  $("chart-network").dataset.edges = String(net.edges.length);
}

// --- start -------------------------------------------------------------------------------

async function openScenario(name, fromUrl) {
  state.scenario = name;
  state.view = await api(`/api/scenarios/${encodeURIComponent(name)}/controls`);
  if (fromUrl) readUrl(state.view); else { state.values = {}; state.offer = {}; state.side = null; }
  $("scenario-asof").textContent = `as of ${state.view.as_of}`;
  $("compare").checked = state.compare;
  $("full-run").textContent = state.full ? "Live view" : "Full run";
  baseline = null;
  renderControls();
  renderPlay();
  writeUrl();
  await Promise.all([run(), renderNetwork()]);
}

async function main() {
  const list = await api("/api/scenarios");
  const sel = $("scenario");
  sel.replaceChildren(...list.map((s) => el("option", { value: s.name, text: s.title })));
  const want = new URLSearchParams(location.search).get("scenario");
  const name = list.some((s) => s.name === want) ? want : list.some((s) => s.name === "ukraine-2025-09") ? "ukraine-2025-09" : list[0].name;
  sel.value = name;
  sel.addEventListener("change", () => openScenario(sel.value, false));
  $("reset").addEventListener("click", () => { state.values = {}; renderControls(); writeUrl(); run(); });
  $("compare").addEventListener("change", (e) => { state.compare = e.target.checked; writeUrl(); run(); });
  $("full-run").addEventListener("click", () => {
    state.full = !state.full;
    $("full-run").textContent = state.full ? "Live view" : "Full run";
    baseline = null;
    writeUrl();
    run();
  });
  $("copy-link").addEventListener("click", async () => {
    writeUrl();
    try {
      await navigator.clipboard.writeText(location.href);
      $("link-status").textContent = "Link copied.";
    } catch {
      $("link-status").textContent = `Link: ${location.href}`;
    }
  });
  $("play-actor").addEventListener("change", (e) => { state.side = e.target.value; writeUrl(); });
  $("play-score").addEventListener("click", scorePackage);
  await openScenario(name, true);
}

main().catch((e) => { $("error").textContent = e.message; $("error").hidden = false; });
