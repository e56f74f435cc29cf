// Writes data/<latest+1>.yaml as the office would start it: the latest year's file copied, its figures
// 3% up, the assembly a year later. Used to check that the test suite does not depend on which year is
// the latest (`node scripts/next-year-copy.mjs && npm test`, then delete the file).
import fs from 'node:fs';
import path from 'node:path';
import { isScalar, parseDocument, visit } from 'yaml';

const dir = path.resolve(process.argv[2] ?? 'data');
const years = fs
  .readdirSync(dir)
  .map((f) => /^(\d{4})\.yaml$/.exec(f)?.[1])
  .filter(Boolean)
  .map(Number)
  .sort();
const latest = years.at(-1);
const next = latest + 1;
const doc = parseDocument(fs.readFileSync(path.join(dir, `${latest}.yaml`), 'utf8'));
visit(doc, {
  Pair(_, pair) {
    const key = String(pair.key?.value ?? pair.key);
    // Printed totals are last year's print: a new year's file has none yet.
    if (/_stampat[oa]$/.test(key)) return visit.REMOVE;
    if (key === 'anno' && isScalar(pair.value)) pair.value.value = next;
  },
  Scalar(key, node) {
    if (key === 'key') return;
    if (typeof node.value === 'number' && Number.isInteger(node.value) && node.value !== next && node.value > 3) node.value = Math.round(node.value * 1.03);
    else if (typeof node.value === 'string') node.value = node.value.replace(/^(\d{4})-(\d\d-\d\d)$/, (_m, y, rest) => `${Number(y) + 1}-${rest}`);
  },
});
const out = path.join(dir, `${next}.yaml`);
fs.writeFileSync(out, doc.toString().replace(`Dati del ${latest}`, `Dati del ${next}`));
console.log(out);
