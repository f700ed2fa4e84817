// Points at a cell of a decision table in the open DMN editor: the cell a FEEL syntax error is in. The editor's frame
// comes from this service, so the page reaches its document; the editor shows the decision's table when asked
// (its node selected, then "Edit"), and marks rows and columns in its markup by position.

const WAIT_MS = 10000;

/** Shows the decision's table in the editor and outlines the cell; resolves with the cell, or null. */
export async function highlightCell(feel) {
  const frame = document.getElementById("dmn-editor-standalone");
  if (!frame || !frame.contentDocument || !feel.row || !feel.column) return null;
  const doc = frame.contentDocument;
  const table = await tableOf(doc, feel.decision);
  if (!table) return null;
  const columns = [...table.querySelectorAll("thead th.data-header-cell")].map(headerName);
  const column = columns.indexOf(feel.column);
  const row = table.querySelector(`tbody tr[data-testid="kie-tools--bee--expression-row-${feel.row - 1}"]`);
  const cell = column < 0 || !row ? null : row.querySelectorAll("td.data-cell")[column];
  if (!cell) return null;
  doc.querySelectorAll("[data-policydesk-problem]").forEach(clear);
  cell.dataset.policydeskProblem = feel.text ?? "";
  cell.title = "FEEL syntax error: " + (feel.text ?? "");
  cell.style.outline = "3px solid #b00020";
  cell.style.outlineOffset = "-3px";
  cell.style.backgroundColor = "#fdecee";
  cell.scrollIntoView({ block: "center", inline: "center" });
  return cell;
}

/** The decision's table: shown already, or opened from its node in the diagram. */
async function tableOf(doc, decision) {
  const shown = doc.querySelector("td.data-cell")?.closest("table");
  if (shown) return shown;
  const node = doc.querySelector(`.kie-dmn-editor--node[data-nodelabel="${CSS.escape(decision)}"]`)?.closest(".react-flow__node");
  if (!node) return null;
  press(node);
  const edit = await until(() => doc.querySelector(".kie-dmn-editor--edit-expression-node-panel .pf-v5-c-label"));
  if (!edit) return null;
  press(edit);
  return until(() => doc.querySelector("td.data-cell")?.closest("table"));
}

function headerName(header) {
  const name = header.querySelector(".expression-info-name, .inline-editable-preview");
  return (name ? name.textContent : header.textContent).trim();
}

/** What a pointer's press and release do: the diagram selects on them, React's handlers listen for the click. */
function press(target) {
  const view = target.ownerDocument.defaultView;
  for (const type of ["pointerdown", "mousedown", "pointerup", "mouseup", "click"]) {
    const Event = type.startsWith("pointer") ? view.PointerEvent : view.MouseEvent;
    target.dispatchEvent(new Event(type, { bubbles: true, cancelable: true, view, button: 0, buttons: type.endsWith("down") ? 1 : 0 }));
  }
}

function clear(cell) {
  delete cell.dataset.policydeskProblem;
  cell.removeAttribute("title");
  cell.style.outline = "";
  cell.style.outlineOffset = "";
  cell.style.backgroundColor = "";
}

/** The condition's value once it has one, checked at every frame; null after WAIT_MS. */
function until(condition) {
  const deadline = performance.now() + WAIT_MS;
  return new Promise((resolve) => {
    const check = () => {
      const value = condition();
      if (value) resolve(value);
      else if (performance.now() > deadline) resolve(null);
      else requestAnimationFrame(check);
    };
    check();
  });
}
