// The review of a pending candidate (manual activation), before it is published: the table rows it changes (old and
// new), its scenario results and coverage beside the active version's, and what it would change on the newest
// logged decisions.
import { call, el, hasToken, json, notice } from "./common.js";

/** Fills the pending box: the candidate, its review, and the Publish button. */
export function renderPending(box, pending, active, publish) {
  box.hidden = !pending;
  if (!pending) return;
  const rows = el("div", { id: "review-rows" });
  const scenarios = el("div", { id: "review-scenarios" }, el("p", {}, "Running the scenario suites on both versions\u2026"));
  box.replaceChildren(notice("",
    el("h3", {}, "Pending candidate ", el("code", {}, pending.version), ": review before publishing"),
    el("p", {}, "Not live yet: CRM callers get ", el("code", {}, active), " until it is published."),
    el("h4", {}, "What it changes"), rows,
    el("h4", {}, "Scenarios and coverage, active against candidate"), scenarios,
    el("h4", {}, "Impact on the newest logged decisions"), impact(pending.impact),
    el("button", { type: "button", id: "publish", onclick: () => publish(pending.version) }, "Publish " + pending.version)));
  if (hasToken()) {
    loadChanges(rows, pending.version);
  } else {
    rows.replaceChildren(el("button", { type: "button", onclick: () => loadChanges(rows, pending.version) },
      "Show the changed rows (admin)"));
  }
  loadScenarios(scenarios, active, pending.version);
}

function impact(report) {
  if (!report) return el("p", {}, "No impact report.");
  return [el("p", { id: "review-impact" }, "Replayed " + report.replayed + " logged decisions; " + report.changed + " would change."),
    el("details", {}, el("summary", {}, "Codes, policies and examples"),
      json({ codes: report.codes, policies: report.policies, examples: report.examples }))];
}

async function loadChanges(box, version) {
  const { status, body } = await call("GET", "/api/v1/admin/ruleset/" + encodeURIComponent(version) + "/changes", undefined, true);
  if (status !== 200) {
    box.replaceChildren(notice("bad", body.detail || "the changes cannot be shown"));
    return;
  }
  const files = body.files.length ? el("ul", { class: "changed-files" }, body.files.map((file) =>
    el("li", {}, el("code", {}, file.path), " " + file.change.toLowerCase()))) : el("p", {}, "No file changed.");
  box.replaceChildren(...[files, changedRows(body.rows)].flat());
}

/** One table per decision table: each changed row as its old line and its new line, the cells that differ marked. */
function changedRows(rows) {
  if (!rows.length) return el("p", {}, "No decision-table row changed.");
  const byTable = group(rows);
  return [...byTable].map(([table, changes]) => {
    const columns = (changes[0].after || changes[0].before).cells.map((cell) => cell.column);
    return el("table", { class: "changed-rows" },
      el("caption", {}, "Changed rows of ", el("code", {}, table), " (old, then new)"),
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Row"), el("th", { scope: "col" }, "Change"),
        columns.map((column) => el("th", { scope: "col" }, column)))),
      el("tbody", {}, changes.flatMap(rowLines)));
  });
}

function rowLines(change) {
  const lines = [];
  if (change.before) lines.push(line(change, change.before, change.after, "old"));
  if (change.after) lines.push(line(change, change.after, change.before, "new"));
  return lines;
}

function line(change, row, other, age) {
  const differs = (index) => !other || other.cells[index]?.text !== row.cells[index].text;
  const mark = age === "old" ? "del" : "ins";
  return el("tr", { class: age, "data-row": change.id },
    el("th", { scope: "row" }, row.index + (age === "old" ? " (old)" : change.before ? " (new)" : "")),
    el("td", {}, change.change.toLowerCase()),
    row.cells.map((cell, index) => el("td", { class: differs(index) ? "differs" : null },
      differs(index) ? el(mark, {}, cell.text) : cell.text)));
}

function group(rows) {
  const byTable = new Map();
  for (const row of rows) {
    const key = row.model + "/" + row.table;
    byTable.set(key, [...(byTable.get(key) || []), row]);
  }
  return byTable;
}

async function loadScenarios(box, active, candidate) {
  const [before, after] = await Promise.all([active, candidate].map((version) =>
    call("GET", "/api/v1/scenarios/results?version=" + encodeURIComponent(version))));
  if (before.status !== 200 || after.status !== 200) {
    box.replaceChildren(notice("bad", (before.body.detail || after.body.detail || "the scenarios cannot be run")));
    return;
  }
  box.replaceChildren(summary(before.body, after.body), scenarioTable(before.body, after.body), gaps(before.body, after.body));
}

function summary(before, after) {
  const failed = (results) => results.scenarios.filter((s) => !s.passed).length;
  const cells = (results) => [el("td", {}, (results.scenarios.length - failed(results)) + " passed, " + failed(results) + " failed"),
    el("td", {}, results.coverage.gaps.length + " coverage gap(s)")];
  return el("table", { class: "review-summary" },
    el("caption", {}, "The scenario suites on each version"),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Version"), el("th", { scope: "col" }, "Scenarios"),
      el("th", { scope: "col" }, "Coverage"))),
    el("tbody", {},
      el("tr", {}, el("th", { scope: "row" }, "active ", el("code", {}, before.ruleset)), cells(before)),
      el("tr", {}, el("th", { scope: "row" }, "candidate ", el("code", {}, after.ruleset)), cells(after))));
}

/** The scenarios worth a look: every one that fails on either side, or whose outcome the candidate changes. */
function scenarioTable(before, after) {
  const key = (s) => s.file + "#" + s.id;
  const old = new Map(before.scenarios.map((s) => [key(s), s]));
  const shown = after.scenarios.filter((s) => !s.passed || !old.get(key(s))?.passed);
  if (!shown.length) return el("p", {}, "Every scenario passes on both versions.");
  const outcome = (s, side) => s ? el("td", { class: s.passed ? "passed" : "failed", "data-side": side },
    s.passed ? "passed" : el("details", {}, el("summary", {}, "failed"), el("pre", {}, s.report)))
    : el("td", { "data-side": side }, "not run");
  return el("table", { class: "review-scenarios" },
    el("caption", {}, "Scenarios that fail on either version"),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Scenario"), el("th", { scope: "col" }, "Active"),
      el("th", { scope: "col" }, "Candidate"))),
    el("tbody", {}, shown.map((s) => el("tr", { "data-scenario": s.id },
      el("th", { scope: "row" }, s.file + " \u203a " + s.id, el("br"), el("span", { class: "description" }, s.description)),
      outcome(old.get(key(s)), "active"), outcome(s, "candidate")))));
}

/** Coverage gaps that one version has and the other has not. */
function gaps(before, after) {
  const only = (a, b) => a.coverage.gaps.filter((gap) => !b.coverage.gaps.includes(gap));
  const closed = only(before, after);
  const opened = only(after, before);
  if (!closed.length && !opened.length) return el("p", {}, "The same coverage gaps on both versions.");
  return el("ul", { class: "coverage-changes" },
    closed.map((gap) => el("li", {}, "covered by the candidate only: " + gap)),
    opened.map((gap) => el("li", { class: "failed" }, "no longer covered: " + gap)));
}
