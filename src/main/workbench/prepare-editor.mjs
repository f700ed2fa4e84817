// Prepares the DMN editor the workbench serves, from the pinned @kie-tools/dmn-editor-standalone package that npm ci
// installed: run by the Maven build (process-resources), with no network.
//
//   node prepare-editor.mjs <node_modules folder> <output folder>
//
// Why: the standalone's index.js (11.7 MB) carries the editor (its "envelope", dist/envelope.js) as one string and
// writes it into an <iframe srcdoc>. Chromium cannot cache the compiled code of a script in a srcdoc document, nor
// compile it while it downloads, so every open parsed and compiled 11.6 MB again, and every page that loaded the
// host parsed the string too. Here the host keeps its code but opens the iframe from a URL (the workbench's
// editor-frame.html, which loads dist/envelope.js as a file of its own, with an ETag): the host shrinks to ~60 KB,
// and the envelope gets streaming compilation and Chromium's code cache.
//
// The host script is minified, so the change is made at two places found by their exact text; if a new version of
// the package no longer has them, the build fails here and says so, rather than serving a broken editor.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [nodeModules, output] = process.argv.slice(2);
if (!nodeModules || !output) {
  console.error("usage: node prepare-editor.mjs <node_modules folder> <output folder>");
  process.exit(2);
}
const dist = join(nodeModules, "@kie-tools/dmn-editor-standalone/dist");
const host = readFileSync(join(dist, "index.js"), "utf8");
const envelope = readFileSync(join(dist, "envelope.js"), "utf8");

/** Replaces the one text from `start` to `end` (both included), or fails the build; also returns what lay between. */
function replaceBetween(text, start, end, replacement, what) {
  const from = text.indexOf(start);
  const to = from < 0 ? -1 : text.indexOf(end, from + start.length);
  if (from < 0 || to < 0 || text.indexOf(start, from + 1) >= 0) {
    console.error(`prepare-editor: ${what} not found exactly once in ${join(dist, "index.js")}; `
      + "a new @kie-tools/dmn-editor-standalone version needs this script revised");
    process.exit(1);
  }
  return { text: text.slice(0, from) + replacement + text.slice(to + end.length), removed: text.slice(from + start.length, to) };
}

// 1. The envelope's source, held as a string literal: no longer needed in the host.
const literal = replaceBetween(host, "const e='", "';var t,o,r,a=n(312)", "const e='';var t,o,r,a=n(312)",
  "the envelope's source string");
if (!literal.removed.startsWith("/*! For license information please see envelope.js.LICENSE.txt */")
  || !literal.removed.endsWith(envelope.trimEnd().slice(-40))) {
  console.error("prepare-editor: the string removed from index.js is not dist/envelope.js");
  process.exit(1);
}
// 2. The iframe: from the URL the caller gives (open({..., envelopeUrl})) instead of a srcdoc holding that string.
const iframe = replaceBetween(literal.text, "r.srcdoc=`", "`,r.id=\"dmn-editor-standalone\"",
  "r.src=t.envelopeUrl,r.id=\"dmn-editor-standalone\"", "the iframe's srcdoc");

// The folder holds only what this script writes: a file of an earlier build must not stay behind.
rmSync(output, { recursive: true, force: true });
mkdirSync(output, { recursive: true });
writeFileSync(join(output, "dmn-editor.js"), iframe.text);
copyFileSync(join(dist, "envelope.js"), join(output, "dmn-envelope.js"));
copyFileSync(join(dist, "envelope.js.LICENSE.txt"), join(output, "dmn-envelope.js.LICENSE.txt"));
copyFileSync(join(dist, "index.js.LICENSE.txt"), join(output, "dmn-editor.js.LICENSE.txt"));
console.log(`prepare-editor: dmn-editor.js ${(Buffer.byteLength(iframe.text) / 1024).toFixed(0)} KB, `
  + `dmn-envelope.js ${(Buffer.byteLength(envelope) / 1048576).toFixed(1)} MB in ${output}`);
