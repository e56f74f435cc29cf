/* The build's speed, as a number to watch (not a test): the real deck and a synthetic deck ten
 * times larger, each stage's time and the total, the median of several runs.
 *
 *   npm run bench [-- --runs N]
 *
 * Needs the compiled code (npm ci or npm run build) and a browser, as `assemblea build` does. */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { build } from '../dist/build.js';
import { configFrom } from '../dist/config.js';
import { load } from '../dist/load.js';
import { validate } from '../dist/validate.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const run = promisify(execFile);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => `${Math.round(x)} ms`.padStart(9);

/** A templates folder whose outline repeats every slide ten times: a deck ten times larger. */
async function tenfoldTemplates(work) {
  const dir = path.join(work, 'templates');
  await cp(path.join(ROOT, 'templates'), dir, { recursive: true });
  const outline = parse(await readFile(path.join(dir, 'slides.yaml'), 'utf8'));
  const larger = [];
  for (let k = 1; k <= 10; k++) for (const entry of outline) larger.push({ ...entry, id: k === 1 ? entry.id : `${entry.id}-${k}` });
  await writeFile(path.join(dir, 'slides.yaml'), stringify(larger));
  return dir;
}

/** One in-process build; its stages' times, with reading and checking the data timed apart. */
async function stages(argv, templatesDir) {
  const config = { ...configFrom(argv, {}, ROOT, false), templatesDir };
  const t0 = performance.now();
  const loaded = await load({ dataDir: config.dataDir, cwd: config.cwd });
  const t1 = performance.now();
  validate(loaded, { year: config.year });
  const t2 = performance.now();
  const t3 = performance.now();
  const result = await build(config);
  const total = performance.now() - t3;
  const times = { 'lettura (load)': t1 - t0, 'controllo (validate)': t2 - t1 };
  for (const { step, ms: x } of result.timings) if (step !== 'controllo dei dati') times[step] = (times[step] ?? 0) + x;
  times.totale = total;
  return { times, slides: result.files };
}

async function measure(label, argv, templatesDir) {
  const all = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const r = await stages(argv, templatesDir);
    if (i > 0) all.push(r.times); // the first run warms up the process; a fresh process is timed below
  }
  const keys = Object.keys(all[0]);
  console.log(`\n${label} (mediana di ${RUNS} esecuzioni nello stesso processo)`);
  for (const k of keys) console.log(`  ${k.padEnd(24)}${ms(median(all.map((t) => t[k])))}`);
  return median(all.map((t) => t.totale));
}

/** The whole build as a user runs it: a fresh `node bin/assemblea.js build`, start to exit. */
async function processTime(argv) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run(process.execPath, [path.join(ROOT, 'bin', 'assemblea.js'), ...argv, '--quiet'], { cwd: ROOT, maxBuffer: 1 << 24 });
    times.push(performance.now() - t0);
  }
  return median(times);
}

const work = await mkdtemp(path.join(tmpdir(), 'assemblea-bench-'));
try {
  const out = path.join(work, 'output');
  const templates = await tenfoldTemplates(work);
  const real = ['build', '--out', out];
  const htmlOnly = ['build', '--out', out, '--only', 'html'];

  const realTotal = await measure('Presentazione reale: HTML, resoconto, deck.pdf, handout.pdf', real);
  const htmlTotal = await measure('Solo HTML (nessun browser)', htmlOnly);
  const tenTotal = await measure('Presentazione sintetica dieci volte più grande', real, templates);

  console.log(`\nRiepilogo (mediane)`);
  console.log(`  reale, processo intero      ${ms(await processTime(real))}`);
  console.log(`  solo HTML, processo intero  ${ms(await processTime(htmlOnly))}`);
  console.log(`  reale, nel processo         ${ms(realTotal)}`);
  console.log(`  solo HTML, nel processo     ${ms(htmlTotal)}`);
  console.log(`  dieci volte, nel processo   ${ms(tenTotal)}  (${(tenTotal / realTotal).toFixed(1)} volte la reale)`);
} finally {
  await rm(work, { recursive: true, force: true });
}
