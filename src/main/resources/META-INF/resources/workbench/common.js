// What every part of the workbench shares: building DOM from values (always as text, never as HTML), and calling the
// service, with the admin token where a call needs it.

const TOKEN_KEY = "policydesk.adminToken";

export const $ = (id) => document.getElementById(id);

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function notice(kind, ...children) {
  return el("div", { class: "notice " + kind, role: kind === "bad" ? "alert" : null }, ...children);
}

export function json(value) {
  return el("pre", {}, JSON.stringify(value, null, 2));
}

export function shortHash(sha) {
  return sha ? sha.slice(0, 12) : "";
}

/** Whether this tab holds the admin token already (then admin calls need not ask for it). */
export function hasToken() {
  return Boolean(sessionStorage.getItem(TOKEN_KEY));
}

/** Asks for the admin token once per tab; resolves with it, or with null when the user cancels. */
export function askToken() {
  const dialog = $("token-dialog");
  $("token-input").value = "";
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      const token = dialog.returnValue === "ok" ? $("token-input").value.trim() : "";
      if (token) sessionStorage.setItem(TOKEN_KEY, token);
      resolve(token || null);
    }, { once: true });
    dialog.showModal();
  });
}

/** Calls the service; the answer's JSON (a problem for a 4xx/5xx) and status. Admin calls carry the token. */
export async function call(method, path, body, admin) {
  let token = admin ? sessionStorage.getItem(TOKEN_KEY) || await askToken() : null;
  if (admin && !token) return { status: 0, body: { detail: "no admin token given" } };
  for (let attempt = 0; ; attempt++) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = "Bearer " + token;
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const parsed = await readJson(response);
    if (response.status === 401 && admin && attempt === 0) {
      sessionStorage.removeItem(TOKEN_KEY);
      token = await askToken();
      if (token) continue;
    }
    return { status: response.status, body: parsed };
  }
}

/** The body as JSON; a body that is not (a proxy's error page) becomes a problem that says so. */
async function readJson(response) {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch (notJson) {
    return { title: "HTTP " + response.status, detail: "the answer was not JSON" };
  }
}

/** A problem's cell, for people: "decision 'X', row 3, column 'Y'". */
export function feelPlace(feel) {
  return "decision '" + feel.decision + "'" + (feel.row ? ", row " + feel.row : "")
    + (feel.column ? ", column '" + feel.column + "'" : "");
}
