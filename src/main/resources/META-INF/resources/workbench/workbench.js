// The policy team's workbench: plain DOM, no framework. Every value from the service is put in the page as text
// (textContent), never as HTML. The DMN editor is loaded only when a table is opened: its host script here, and the
// editor itself (11 MB) in its frame, editor-frame.html, which the browser keeps compiled between visits.
import { $, askToken, call, el, feelPlace, json, notice, shortHash } from "./common.js";
import { showRule } from "./drl-view.js";
import { highlightCell } from "./editor-cells.js";
import { renderPending } from "./review.js";

const EDITOR_HOST = "vendor/dmn-editor.js";
const EDITOR_FRAME = "editor-frame.html";

// ---- rules --------------------------------------------------------------------------------------------------

const state = { ruleset: null, decision: null, editor: null, file: null, baseSha256: null, scenarios: [] };

async function loadRuleSet() {
  const { body } = await call("GET", "/api/v1/ruleset");
  state.ruleset = body;
  $("active-version").textContent = body.version;
  $("active-loaded").textContent = "loaded " + new Date(body.loadedAt).toLocaleString() + " from "
    + (body.source.kind === "folder" ? "the folder " + body.source.name : "the rules bundled into the service");
  renderFiles(body);
  renderPending($("pending"), body.pending, body.version, publish);
  renderLastRejected(body.lastRejected);
  $("rule-list").tBodies[0].replaceChildren(...body.rules.map((rule) =>
    el("tr", {}, el("td", {}, rule.name), el("td", {}, rule.policy),
      el("td", {}, el("button", { type: "button", class: "link", "data-rule": rule.name, onclick: () => showRule(rule),
        title: "Read the rule in its file (read-only)" }, el("code", {}, rule.file + ":" + rule.line))))));
  $("decisions").replaceChildren(...body.decisions.map((decision) => {
    const rows = body.decisionTableRows.filter((row) => decision === row.model + "/" + row.table);
    return el("li", {}, el("code", {}, decision), " (" + rows.length + " table rows)");
  }));
}

function renderFiles(summary) {
  $("files").tBodies[0].replaceChildren(...summary.files.map((file) => {
    const slash = file.path.indexOf("/");
    const action = file.path.endsWith(".dmn")
      ? el("button", { type: "button", "data-open": file.path, onclick: () => openTable(file.path) }, "Open in editor")
      : "";
    return el("tr", {}, el("td", {}, slash < 0 ? "" : file.path.slice(0, slash)), el("td", {}, el("code", {}, file.path)),
      el("td", { class: "hash", title: file.sha256 }, shortHash(file.sha256)), el("td", {}, action));
  }));
}

function renderLastRejected(rejected) {
  const box = $("rejected");
  box.hidden = !rejected;
  if (rejected) {
    box.replaceChildren(notice("bad", el("h3", {}, "Last rejected candidate " + rejected.version),
      el("p", {}, rejected.problems + " problem(s), " + rejected.failedScenarios + " failing scenario(s), at "
        + new Date(rejected.at).toLocaleString()), el("pre", {}, rejected.summary)));
  }
}

async function publish(version) {
  const { status, body } = await call("POST", "/api/v1/admin/ruleset/" + encodeURIComponent(version) + "/activate", undefined, true);
  $("pending").append(status === 200 ? notice("good", "Published " + version) : notice("bad", body.detail || "publishing failed"));
  await loadRuleSet();
}

async function showHistory() {
  const { status, body } = await call("GET", "/api/v1/admin/ruleset/history", undefined, true);
  if (status !== 200) return;
  const table = $("history");
  table.hidden = false;
  table.tBodies[0].replaceChildren(...body.entries.map((entry) => {
    const kept = body.kept.includes(entry.version) && entry.version !== body.active;
    const details = entry.problems.length || entry.failedScenarios.length
      ? el("details", {}, el("summary", {}, "why"), rejectionDetails(entry)) : "";
    return el("tr", {}, el("td", {}, new Date(entry.at).toLocaleString()), el("td", {}, el("code", {}, entry.version)),
      el("td", {}, entry.trigger), el("td", {}, entry.outcome, details),
      el("td", {}, kept ? el("button", { type: "button", onclick: () => rollback(entry.version) }, "Activate") : ""));
  }));
}

async function rollback(version) {
  await call("POST", "/api/v1/admin/ruleset/" + encodeURIComponent(version) + "/activate", undefined, true);
  await loadRuleSet();
  await showHistory();
}

/** A rejection: compile problems as file:line, failing scenarios with expected against actual; headed at that level. */
function rejectionDetails(entry, heading = "h4") {
  return el("div", { class: "rejection" },
    entry.problems.length ? [el(heading, {}, "Problems"),
      el("ul", {}, entry.problems.map(problem))] : "",
    entry.failedScenarios.length ? [el(heading, {}, "Failing scenarios (expected against actual)"),
      entry.failedScenarios.map((failure) => el("pre", { class: "failed-scenario" }, failure))] : "");
}

/**
 * A compile problem at its file and line. A FEEL syntax error names its decision, row, column and text; while its
 * file is open in the editor, a button outlines the cell there again.
 */
function problem(p) {
  const where = el("code", {}, p.file + (p.line > 0 ? ":" + p.line : ""));
  if (!p.feel) return el("li", {}, where, " " + p.message);
  const inEditor = state.editor && state.file === p.file && p.feel.row;
  return el("li", { class: "feel-problem" }, where, " " + p.message,
    inEditor ? [" ", el("button", { type: "button", onclick: () => showInEditor(p.feel) }, "Show the cell in the editor")] : "");
}

// ---- DMN tables ---------------------------------------------------------------------------------------------

let editorBundle;

function loadEditorBundle() {
  editorBundle = editorBundle || new Promise((resolve, reject) => {
    document.head.append(el("script", { src: EDITOR_HOST, charset: "utf-8", onload: resolve, onerror: reject }));
  });
  return editorBundle;
}

async function openTable(path) {
  $("save-status").textContent = "Opening " + path + "…";
  const [{ status, body }] = await Promise.all([call("GET", "/api/v1/admin/rules/" + path, undefined, true), loadEditorBundle()]);
  if (status !== 200) {
    $("save-status").textContent = body.detail || "cannot open " + path;
    return;
  }
  if (state.editor) state.editor.close();
  const container = $("dmn-container");
  container.replaceChildren();
  container.classList.add("open");
  state.file = path;
  state.baseSha256 = body.sha256;
  state.editor = window.DMNEditor.open({
    container, envelopeUrl: EDITOR_FRAME, initialContent: Promise.resolve(body.content), readOnly: false,
    initialFileNormalizedPosixPathRelativeToTheWorkspaceRoot: path.slice(path.lastIndexOf("/") + 1),
  });
  container.querySelector("iframe").title = "DMN editor: " + path;
  state.editor.subscribeToContentChanges((dirty) => {
    $("save").disabled = !dirty;
    $("save-status").textContent = dirty ? "Unsaved changes" : "Saved";
  });
  $("editor-file").replaceChildren("Editing ", el("code", {}, path), " (from " + shortHash(body.sha256) + ")");
  $("save-report").replaceChildren();
  $("save-status").textContent = "Opened " + path;
  $("save").disabled = true;
  location.hash = "#tables";
}

async function save() {
  $("save").disabled = true;
  $("save-report").replaceChildren();
  $("save-status").textContent = "Saving: compiling and running the scenario gate…";
  const content = await state.editor.getContent();
  const { status, body } = await call("PUT", "/api/v1/admin/rules/" + state.file,
    { content, baseSha256: state.baseSha256 }, true);
  $("save-status").textContent = "";
  $("save-report").replaceChildren(saveReport(status, body));
  if (status === 200) {
    state.baseSha256 = body.sha256;
    state.editor.markAsSaved();
  } else {
    $("save").disabled = false;
  }
  const atCell = (body.problems || []).find((p) => p.feel && p.feel.row && p.file === state.file);
  if (atCell) await showInEditor(atCell.feel);
  await loadRuleSet();
}

/** Outlines the cell of a FEEL syntax error in the open editor, and says so beside the problem. */
async function showInEditor(feel) {
  const cell = await highlightCell(feel);
  $("save-status").textContent = cell ? "The cell is outlined in the editor: " + feelPlace(feel)
    : "Find it in the editor: " + feelPlace(feel);
}

/** What became of a save, whatever status the reload reports (a new one is shown by name). */
function saveReport(status, body) {
  if (status === 200) {
    const live = body.active === body.version;
    const kind = body.rejection ? "bad" : live ? "good" : "";
    const headline = body.rejection ? "Saved, but the candidate " + body.version + " was rejected: " + body.active + " stays active"
      : live ? "Saved: " + body.version + " is live"
        : "Saved: " + body.version + " is " + body.status.toLowerCase().replace(/_/g, " ") + " (active: " + body.active + ")";
    return notice(kind, el("p", { id: "save-outcome", "data-status": body.status }, headline),
      body.rejection ? rejectionDetails(body.rejection, "h3") : "");
  }
  if (status === 409) {
    return notice("bad", el("p", { id: "save-outcome", "data-status": "CONFLICT" }, body.detail),
      el("p", {}, "Your edit started from " + body.baseSha256 + "; the file is now " + body.currentSha256
        + ". Copy your change, reopen the file, and apply it again."));
  }
  return notice("bad", el("p", { id: "save-outcome", "data-status": body.code || status }, body.detail || body.title),
    body.problems ? rejectionDetails({ problems: body.problems, failedScenarios: [] }, "h3") : "",
    body.errors ? el("ul", {}, body.errors.map((e) => el("li", {}, e.path + ": " + e.message))) : "");
}

// ---- try a decision -----------------------------------------------------------------------------------------

async function loadScenarios() {
  const { body } = await call("GET", "/api/v1/scenarios");
  state.scenarios = body.flatMap((suite) => suite.scenarios.map((scenario) => ({ suite: suite.file, ...scenario })));
  const picker = $("scenario-picker");
  picker.replaceChildren(...body.filter((suite) => suite.scenarios.length).map((suite) =>
    el("optgroup", { label: suite.file }, suite.scenarios.map((scenario) =>
      el("option", { value: suite.file + "#" + scenario.id }, scenario.id + " — " + scenario.description)))));
  if (state.scenarios.length && !$("request").value) pick(picker.value);
}

function pick(key) {
  const scenario = state.scenarios.find((s) => s.suite + "#" + s.id === key);
  if (scenario) $("request").value = JSON.stringify(scenario.request, null, 2);
}

async function decide() {
  const out = $("decision");
  let request;
  try {
    request = JSON.parse($("request").value);
  } catch (e) {
    out.replaceChildren(notice("bad", "The request is not valid JSON: " + e.message));
    return;
  }
  const { status, body } = await call("POST", "/api/v1/recommendations?explain=true", request);
  if (status !== 200) {
    out.replaceChildren(notice("bad", el("p", {}, body.title + (body.detail ? ": " + body.detail : "")),
      body.errors ? el("ul", {}, body.errors.map((e) => el("li", {}, el("code", {}, e.path || "(body)"), " " + e.message))) : ""));
    return;
  }
  state.decision = body;
  out.replaceChildren(
    el("p", {}, "Decided by ", el("code", { id: "decided-by" }, body.ruleset), " for " + body.asOf + ": "
      + body.recommendations.length + " recommendation(s)."),
    el("ul", { class: "cards", id: "recommendations" }, body.recommendations.map(card)),
    el("h3", {}, "Rules that fired"),
    el("ol", {}, body.trace.rules.map((rule) => el("li", {}, rule.rule + " (" + rule.policy + ")",
      el("details", {}, el("summary", {}, rule.facts.length + " fact(s)"), json(rule.facts))))),
    el("h3", {}, "DMN decisions"),
    el("div", {}, body.trace.decisions.length ? body.trace.decisions.map(dmnEvaluation) : el("p", {}, "none evaluated")));
}

function card(recommendation) {
  return el("li", { class: "card " + recommendation.kind, "data-code": recommendation.code },
    el("div", { class: "kind" }, recommendation.kind), el("div", { class: "code" }, recommendation.code),
    el("p", {}, recommendation.message),
    el("div", { class: "meta" }, "policy " + recommendation.policy
      + (recommendation.subscriptionId ? " · subscription " + recommendation.subscriptionId : " · the customer as a whole")));
}

/** One DMN evaluation: inputs, result, and its table with the matched rows highlighted. */
function dmnEvaluation(evaluation) {
  const rows = state.ruleset.decisionTableRows.filter((row) => row.model === evaluation.model && row.table === evaluation.decision);
  const matched = new Set(evaluation.rowIds);
  const row = (r) => el("tr", { class: matched.has(r.id) ? "matched" : null },
    el("td", {}, r.index), el("td", {}, matched.has(r.id) ? "matched" : ""), el("td", {}, r.annotation));
  return el("div", { class: "dmn-evaluation" },
    el("p", {}, el("code", {}, evaluation.model + "/" + evaluation.decision), " with ",
      el("code", {}, JSON.stringify(evaluation.inputs)), " → ", el("strong", {}, JSON.stringify(evaluation.result))),
    el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "Row"), el("th", {}, el("span", { class: "visually-hidden" }, "Matched")),
      el("th", {}, "Annotation"))),
      el("tbody", {}, rows.filter((r) => matched.has(r.id)).map(row))),
    el("details", {}, el("summary", {}, "all " + rows.length + " rows"), el("table", {}, el("tbody", {}, rows.map(row)))));
}

// ---- a logged decision, kept as a scenario ------------------------------------------------------------------

/** By decision id; failing that, the latest decision of the customer with that id. */
async function lookUp() {
  const out = $("looked-up");
  const wanted = $("lookup-id").value.trim();
  if (!wanted) return;
  out.replaceChildren(el("p", {}, "Looking up…"));
  let found = await call("GET", "/api/v1/decisions/" + encodeURIComponent(wanted), undefined, true);
  if (found.status === 404) {
    const latest = await call("GET", "/api/v1/decisions?limit=1&customerId=" + encodeURIComponent(wanted), undefined, true);
    const first = latest.status === 200 && latest.body.decisions[0];
    if (first) found = await call("GET", "/api/v1/decisions/" + encodeURIComponent(first.decisionId), undefined, true);
  }
  if (found.status !== 200) {
    out.replaceChildren(notice("bad", found.status === 404 ? "No logged decision has this id, nor a customer with it."
      : (found.body.title || "Failed") + (found.body.detail ? ": " + found.body.detail : "")));
    return;
  }
  const decision = found.body;
  out.replaceChildren(
    el("p", {}, "Decision ", el("code", { id: "looked-up-id" }, decision.decisionId), " by ", el("code", {}, decision.ruleset),
      " at " + decision.at + ": " + decision.recommendations.length + " recommendation(s)."),
    el("ul", { class: "cards" }, decision.recommendations.map((r) => r.kind ? card(r)
      : el("li", { class: "card" }, el("div", { class: "code" }, r.code), el("div", { class: "meta" }, r.subscriptionId || "")))),
    el("p", {}, el("label", { for: "keep-suite" }, "Suite"), " ",
      el("input", { type: "text", id: "keep-suite", value: "kept-decisions", size: 24, autocomplete: "off" }), " ",
      el("button", { type: "button", id: "keep", onclick: () => keep(decision.decisionId) }, "Keep as scenario")),
    el("div", { id: "keep-status", role: "status", "aria-live": "polite" }));
}

/** Adds the decision to the suite as a scenario, then runs the suites: it shows there, passing or with its difference. */
async function keep(decisionId) {
  const status = $("keep-status");
  const suite = $("keep-suite").value.trim() || "kept-decisions";
  const { status: code, body } = await call("POST", "/api/v1/admin/decisions/" + encodeURIComponent(decisionId) + "/scenario",
    { suite }, true);
  if (code !== 201) {
    status.replaceChildren(notice("bad", (body.title || "Failed") + (body.detail ? ": " + body.detail : "")));
    return;
  }
  status.replaceChildren(notice("good", "Kept as ", el("code", {}, body.id), " in ", el("code", {}, body.suite),
    "; the suites run below."), el("details", {}, el("summary", {}, "The scenario (YAML)"), el("pre", {}, body.yaml)));
  await runScenarios(body.suite + "#" + body.id);
  $("scenarios").scrollIntoView();
}

// ---- scenarios and coverage ---------------------------------------------------------------------------------

/** Runs every suite; {@code highlight} ("file#id") is a scenario just kept, shown first with its outcome. */
async function runScenarios(highlight) {
  const out = $("scenario-results");
  out.replaceChildren(el("p", {}, "Running…"));
  const { body } = await call("GET", "/api/v1/scenarios/results");
  const failed = body.scenarios.filter((s) => !s.passed);
  const kept = typeof highlight === "string" ? body.scenarios.find((s) => s.file + "#" + s.id === highlight) : null;
  const coverage = body.coverage;
  const countTable = (caption, entries) => el("table", {}, el("caption", {}, caption),
    el("tbody", {}, entries.map(([name, count]) => el("tr", { class: count ? null : "failed" },
      el("td", {}, name), el("td", {}, count ? count + " scenario(s)" : "not covered")))));
  out.replaceChildren(
    el("p", { id: "scenario-summary" }, el("span", { class: "passed" }, (body.scenarios.length - failed.length) + " passed"), ", ",
      el("span", { class: failed.length ? "failed" : "" }, failed.length + " failed"), " against " + body.ruleset),
    kept ? el("p", { id: "kept-outcome", class: kept.passed ? "passed" : "failed", "data-scenario": highlight },
      kept.file + " › " + kept.id + ": " + (kept.passed ? "passes on the active version" : "fails on the active version: the rules answer it otherwise now")) : "",
    el("div", {}, body.unreadable.map((message) => notice("bad", message)),
      failed.map((s) => el("details", { open: true }, el("summary", { class: "failed" }, s.file + " › " + s.id + " " + s.description),
        el("pre", {}, s.report)))),
    el("h3", {}, "Coverage"),
    coverage.gaps.length ? el("details", { open: coverage.gaps.length <= 10 },
      el("summary", { class: "failed" }, coverage.gaps.length + " gap(s): what no scenario covers"),
      el("ul", {}, coverage.gaps.map((gap) => el("li", {}, gap)))) : el("p", {}, "Everything is covered."),
    el("details", {}, el("summary", {}, "Rules"), countTable("Scenarios firing each rule", Object.entries(coverage.rules).map(([k, v]) => [k, v.length]))),
    el("details", {}, el("summary", {}, "Table rows"), countTable("Scenarios firing each DMN row", Object.entries(coverage.decisionTableRows).map(([k, v]) => [k, v.length]))),
    el("details", {}, el("summary", {}, "Policy ids"), countTable("Scenarios where each policy fires",
      Object.entries(coverage.policies).map(([k, v]) => [k, v.fires.length]))));
}

// ---- start --------------------------------------------------------------------------------------------------

$("token-button").addEventListener("click", askToken);
$("show-history").addEventListener("click", showHistory);
$("save").addEventListener("click", save);
$("decide").addEventListener("click", decide);
$("scenario-picker").addEventListener("change", (event) => pick(event.target.value));
$("run-scenarios").addEventListener("click", () => runScenarios());
$("lookup").addEventListener("click", lookUp);
loadRuleSet();
loadScenarios();
