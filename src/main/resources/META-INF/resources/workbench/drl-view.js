// A DRL file, read-only, opened at a rule: every line numbered, the rule's own lines (from its declaration to its
// "end") highlighted and scrolled into view. DRL is read with the admin token and never edited here (it is code).
import { $, call, el, notice } from "./common.js";

/** Shows the rule's file at the rule's line, in the Rules section. */
export async function showRule(rule) {
  const box = $("drl-view");
  box.hidden = false;
  const { status, body } = await call("GET", "/api/v1/admin/rules/" + rule.file, undefined, true);
  if (status !== 200) {
    box.replaceChildren(notice("bad", body.detail || "cannot open " + rule.file));
    return;
  }
  const lines = body.content.split("\n");
  const last = endOf(lines, rule.line);
  const listing = el("ol", { class: "source", tabindex: "0", "aria-label": rule.file + ", read-only" },
    lines.map((text, index) => {
      const number = index + 1;
      const inRule = number >= rule.line && number <= last;
      return el("li", { class: inRule ? (number === rule.line ? "in-rule at" : "in-rule") : null,
        "aria-current": number === rule.line ? "true" : null }, text || " ");
    }));
  box.replaceChildren(
    el("div", { class: "toolbar" },
      el("h4", { id: "drl-view-title", tabindex: "-1" }, el("code", {}, rule.file + ":" + rule.line),
        " (read-only): rule \u201c" + rule.name + "\u201d"),
      el("button", { type: "button", onclick: () => { box.hidden = true; } }, "Close")),
    listing);
  const at = listing.querySelector("li.at");
  if (at) listing.scrollTop = Math.max(0, at.offsetTop - listing.offsetTop - listing.clientHeight / 3);
  box.scrollIntoView({ block: "nearest" });
  $("drl-view-title").focus({ preventScroll: true });
}

/** The line of the rule's "end", or its first line when the file has none after it. */
function endOf(lines, first) {
  for (let index = first; index < lines.length; index++) {
    if (/^\s*end\s*$/.test(lines[index])) return index + 1;
  }
  return first;
}
