// Rank search queries with the site's own search engine (docs/assets/search-engine.js) in Node, for
// fast tuning: no browser, no site build. Not used by the tests or CI (they drive Chromium).
//
//   node tools/search_check.mjs INDEX.js CASES.json
//
// CASES.json: [{"query": "...", "first": "url or null", "top3": ["url", ...], "label": "...",
// "same_as": "another query whose first page this one must share (optional)"}].
// Prints one line per miss and a summary; `tools/search_check.py` writes the cases (from the
// tests' own query lists) and the index, and runs this.
import fs from "node:fs";
import vm from "node:vm";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const engine = require(path.join(here, "..", "docs", "assets", "search-engine.js"));

const [indexFile, casesFile] = process.argv.slice(2);
let data = null;
vm.runInNewContext(fs.readFileSync(indexFile, "utf8"), { ffSearchIndex: (d) => { data = d; } });
let started = performance.now();
const index = new engine.Index(data);
const loadMs = performance.now() - started;
const cases = JSON.parse(fs.readFileSync(casesFile, "utf8"));

const groups = {};
let slowest = 0;
for (const c of cases) {
  started = performance.now();
  const found = index.search(c.query).map((r) => r.page.url);
  if (c.same_as) c.first = index.search(c.same_as).map((r) => r.page.url)[0] ?? null;
  slowest = Math.max(slowest, performance.now() - started);
  const g = (groups[c.label] ||= { total: 0, first: 0, top3: 0, firstTotal: 0 });
  g.total += 1;
  const top = found.slice(0, 3);
  let ok = true;
  if (c.first !== null) {
    g.firstTotal += 1;
    if (found[0] === c.first) g.first += 1; else ok = false;
  }
  const inTop = [c.first, ...c.top3].filter((p) => p !== null).every((p) => top.includes(p));
  if (inTop) g.top3 += 1; else ok = false;
  if (!ok) {
    console.log(`${inTop ? "2nd" : "OUT"} [${c.label}] ${JSON.stringify(c.query)} want ` +
      `${c.first ?? c.top3.join(",")}\n      got ${top.join("  ")}`);
  }
}
for (const [label, g] of Object.entries(groups)) {
  const first = g.firstTotal ? `${((100 * g.first) / g.firstTotal).toFixed(1)}% first, ` : "";
  console.log(`${label}: ${g.total} queries, ${first}${((100 * g.top3) / g.total).toFixed(1)}% in the first three`);
}
console.log(`index load ${loadMs.toFixed(1)} ms, slowest query ${slowest.toFixed(2)} ms (Node, unthrottled)`);
