/* The build's speed against the goals of issue 24 (a benchmark, not a test; kept out of `npm test`):
 *
 *   npm run bench [-- --runs N] [-- --quick]
 *
 * - each stage's time, for the real deck and a synthetic deck ten times larger (fresh processes);
 * - paired, alternating runs against Marp CLI, on a Marp deck made from our own build: one Markdown
 *   slide per slide of deck.html, the same texts, the same chart SVGs as images;
 *     HTML only (`--only html`) vs Marp's HTML, and the full build vs Marp's HTML plus its PDF,
 *     every run a fresh process with the chart cache empty;
 * - the live preview's rebuild after saving one figure, through the real dev server (file watcher,
 *   debounce, build in memory);
 * - the tenfold deck's time over the real one's, the spread (slowest run over the median), the full
 *   build's peak resident set (the Node process; Chromium's processes are apart);
 * - the charts: the two drawing stages of the full build (the slides' charts, the phone versions), and in
 *   one process where their time goes (compiling the shapes, parsing their views, running, writing SVG);
 * - the full build with the persistent chart cache filled by an earlier build, for comparison.
 *
 * --runs N: pairs per comparison (default 7, the spread goal's count); --quick: 3 (a few minutes on a quiet machine).
 * Needs the compiled code (npm run build), a Chromium (PUPPETEER_EXECUTABLE_PATH or the usual places;
 * Marp is pointed at the same one) and @marp-team/marp-cli (a dev dependency). */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { findBrowser } from '../dist/browser.js';
import { configFrom } from '../dist/config.js';
import { dev } from '../dist/dev.js';
import { marpDeck } from './marp-deck.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => process.argv.indexOf(name);
const QUICK = arg('--quick') > 0;
const RUNS = arg('--runs') > 0 ? Number(process.argv[arg('--runs') + 1]) : QUICK ? 3 : 7;
const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** The goals of issue 24. */
const GOALS = { fullVsMarp: 0.75, htmlVsMarp: 1.0, chartsMs: 500, devRebuildMs: 50, tenfold: 3, spread: 1.3, rssMb: 221 };
/** The build's stages that draw charts (build.ts): the slides' charts, then the phone versions for the report. */
const CHART_STAGES = ['grafici', 'grafici per il telefono'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => `${Math.round(x)} ms`.padStart(9);
const ratio = (x) => `${x.toFixed(2)}x`;
const verdict = (ok) => (ok ? 'OK  ' : 'NO  ');
const results = [];
const goal = (label, value, limit, shown) => {
  results.push({ label, ok: value <= limit, shown, limit });
};

const work = await mkdtemp(path.join(tmpdir(), 'assemblea-bench-'));
const browserPath = await findBrowser(process.env.PUPPETEER_EXECUTABLE_PATH);
if (!browserPath) throw new Error('No Chromium found: set PUPPETEER_EXECUTABLE_PATH.');
// No persistent chart cache for the goals (ASSEMBLEA_CACHE unset): every build draws every chart.
const { ASSEMBLEA_CACHE: _cache, ...parentEnv } = process.env;
const env = { ...parentEnv, PUPPETEER_EXECUTABLE_PATH: browserPath, CHROME_PATH: browserPath };

/** A command in a fresh process: its wall time, its JSON output (if any), its peak RSS (node only). */
async function timed(file, args, extraEnv = {}) {
  const rssFile = path.join(work, `rss-${Math.random().toString(36).slice(2)}`);
  const isNode = file === process.execPath;
  const argv = isNode ? ['--import', path.join(ROOT, 'bench', 'rss.js'), ...args] : args;
  const t0 = performance.now();
  const { stdout } = await run(file, argv, { cwd: ROOT, maxBuffer: 1 << 26, env: { ...env, BENCH_RSS_FILE: rssFile, ...extraEnv } });
  const wall = performance.now() - t0;
  const rssKb = isNode && existsSync(rssFile) ? Number(await readFile(rssFile, 'utf8')) : undefined;
  let json;
  try {
    json = JSON.parse(stdout.slice(stdout.indexOf('{')));
  } catch {
    json = undefined;
  }
  return { wall, json, rssKb };
}

/** The flags the first line of bin/assemblea.js gives node (`#!/usr/bin/env -S node --flag`): the bench runs
 * the build with them, as `npx assemblea` does. */
const BIN = path.join(ROOT, 'bin', 'assemblea.js');
const NODE_FLAGS = (/^#!.*?\bnode\b(.*)$/.exec((await readFile(BIN, 'utf8')).split('\n')[0])?.[1] ?? '').trim().split(/\s+/).filter(Boolean);

const assemblea = (args, extraEnv) => timed(process.execPath, [...NODE_FLAGS, BIN, ...args, '--json'], extraEnv);
const child = (templates, args, extraEnv) => timed(process.execPath, [...NODE_FLAGS, path.join(ROOT, 'bench', 'child.js'), templates, ...args], extraEnv);

/** A templates folder whose outline repeats every slide ten times: a deck ten times larger. */
async function tenfoldTemplates() {
  const dir = path.join(work, 'templates');
  await cp(path.join(ROOT, 'templates'), dir, { recursive: true });
  const outline = parse(await readFile(path.join(dir, 'slides.yaml'), 'utf8'));
  const larger = [];
  for (let k = 1; k <= 10; k++) for (const entry of outline) larger.push({ ...entry, id: k === 1 ? entry.id : `${entry.id}-${k}` });
  await writeFile(path.join(dir, 'slides.yaml'), stringify(larger));
  return dir;
}

const marpBin = path.join(path.dirname(require.resolve('@marp-team/marp-cli/package.json')), 'marp-cli.js');
const marp = (md, out, extra = []) => timed(process.execPath, [marpBin, '--no-stdin', '--browser-path', browserPath, '--browser-timeout', '120', ...extra, md, '-o', out]);

/** Paired, alternating runs: ours then theirs, RUNS times (after a warm-up of each); per-pair ratios. */
async function paired(label, ours, theirs) {
  await ours();
  await theirs();
  const a = [];
  const b = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(await ours());
    b.push(await theirs());
  }
  const oursMs = a.map((r) => r.wall);
  const theirsMs = b.map((r) => r.wall);
  const r = median(oursMs.map((x, i) => x / theirsMs[i]));
  console.log(`\n${label}  (${RUNS} coppie alternate, processi nuovi)`);
  console.log(`  assemblea  mediana ${ms(median(oursMs))}   esecuzioni ${oursMs.map((x) => Math.round(x)).join(' ')}`);
  console.log(`  Marp       mediana ${ms(median(theirsMs))}   esecuzioni ${theirsMs.map((x) => Math.round(x)).join(' ')}`);
  console.log(`  rapporto (mediana dei rapporti di coppia) ${ratio(r)}`);
  return { ratio: r, ours: a, theirs: b };
}

/** Each stage's median time over fresh-process runs, from the build's own timings. */
function stageTable(label, runs) {
  const keys = [...new Set(runs.flatMap((r) => r.json.timings.map((t) => t.step)))];
  console.log(`\n${label}: tempi delle fasi (mediana di ${runs.length} processi nuovi)`);
  for (const k of keys) console.log(`  ${k.padEnd(24)}${ms(median(runs.map((r) => r.json.timings.filter((t) => t.step === k).reduce((s, t) => s + t.ms, 0))))}`);
  console.log(`  ${'build (nel processo)'.padEnd(24)}${ms(median(runs.map((r) => r.json.totalMs)))}`);
  console.log(`  ${'processo intero'.padEnd(24)}${ms(median(runs.map((r) => r.wall)))}`);
}

/** Where the charts' time goes, in one process (bench/child.js prints draw.ts's drawingStats). */
function drawingTable(label, runs) {
  const st = runs.map((r) => r.json.drawing).filter(Boolean);
  if (!st.length) return;
  const m = (k) => median(st.map((s) => s[k]));
  console.log(`\n${label}: i grafici (mediana di ${st.length} processi nuovi)`);
  console.log(`  ${m('kept') + m('fresh')} disegni da ${m('shapes')} forme analizzate una volta (${m('fresh')} disegnati a parte)`);
  for (const [k, name] of [
    ['compileMs', 'Vega-Lite: compilazione delle forme'],
    ['parseMs', 'Vega: analisi delle forme'],
    ['emptyMs', 'svuotamento prima del disegno'],
    ['runMs', 'esecuzione (dati e misure)'],
    ['svgMs', 'scrittura SVG'],
  ])
    console.log(`  ${name.padEnd(40)}${ms(m(k))}`);
}

/** Where a fresh process's time goes, as a timeline from its start (bench/child.js's readings, medians of
 * the runs): Node's start, each library's loading, the build's stages (overlapping where the build runs
 * them together: the browser prints while the main thread makes other things), the process's end as the
 * parent sees it. `goalMs` is what the goal allows the whole process: the gap is printed beside it. */
function timeline(label, runs, goalMs) {
  const js = runs.map((r) => r.json);
  const m = (f) => median(js.map(f));
  const wall = median(runs.map((r) => r.wall));
  const row = (from, to, what) => console.log(`  ${ms(from)} ${ms(to)} ${ms(to - from)}  ${what}`);
  console.log(`\n${label}: dove va il tempo (mediane di ${runs.length} processi nuovi, ms dall'avvio del processo)`);
  console.log(`  ${'da'.padStart(9)} ${'a'.padStart(9)} ${'durata'.padStart(9)}  che cosa`);
  const boot = m((j) => j.bootMs);
  row(0, boot, 'avvio di Node, fino alla prima riga del programma');
  let at = boot;
  for (const name of js[0].loads.map((l) => l.name)) {
    const d = m((j) => j.loads.find((l) => l.name === name).ms);
    row(at, at + d, `caricamento: ${name}`);
    at += d;
  }
  for (const step of [...new Set(js.flatMap((j) => j.steps.map((s) => s.step)))]) {
    const of = (j, k) => j.steps.filter((s) => s.step === step).reduce((x, s) => (k === 'start' ? Math.min(x, s.start) : Math.max(x, s.end)), k === 'start' ? Infinity : 0);
    row(
      m((j) => of(j, 'start')),
      m((j) => of(j, 'end')),
      `fase: ${step}`,
    );
  }
  const built = m((j) => j.builtMs);
  row(built, wall, 'uscita dal processo (visto da fuori, con la sua creazione)');
  console.log(`  processo intero ${ms(wall)}; obiettivo ${ms(goalMs)}: ${wall > goalMs ? `mancano ${Math.round(wall - goalMs)} ms` : 'raggiunto'}`);
}

function spread(label, runs) {
  const walls = runs.map((r) => r.wall);
  const worst = Math.max(...walls) / median(walls);
  goal(`dispersione, ${label}: la più lenta / mediana`, worst, GOALS.spread, `${ratio(worst)} (max ${GOALS.spread}x, ${walls.length} esecuzioni)`);
}

/** The live preview: the real dev server on a copy of the data; one figure saved, the rebuild timed. */
async function devRebuild() {
  const data = path.join(work, 'dev-data');
  await cp(path.join(ROOT, 'data'), data, { recursive: true });
  const config = configFrom(['dev', '--data', data, '--port', '0'], env, ROOT, false);
  let rebuilt;
  let failed;
  const server = await dev(config, {
    log: (line) => {
      if (line.startsWith('Aggiornata')) rebuilt?.();
      else if (line.startsWith('Anteprima ferma')) failed?.(new Error(`the dev rebuild failed: ${line}`));
    },
  });
  const file = path.join(data, '2025.yaml');
  const original = await readFile(file, 'utf8');
  const rebuilds = [];
  const latencies = [];
  /** Each rebuild's stages (dev's lastTimings). */
  const stages = [];
  try {
    for (let i = 0; i < RUNS + 2; i++) {
      const done = new Promise((resolve, reject) => {
        rebuilt = resolve;
        failed = reject;
        setTimeout(() => reject(new Error('no dev rebuild within 120 s of the save')), 120_000).unref();
      });
      const t0 = performance.now();
      // Casalasco's members, one more or as they were: a save of one figure.
      await writeFile(
        file,
        original.replace(/(soci:\n {2}per_ambito:\n(?: {4}.*\n)*? {4}Casalasco: )(\d+)/, (_m, head, n) => `${head}${Number(n) + (i % 2 ? 0 : 1)}`),
      );
      await done;
      if (i >= 2) {
        rebuilds.push(server.lastBuildMs);
        stages.push(server.lastTimings ?? []);
        latencies.push(performance.now() - t0);
      }
    }
  } finally {
    await server.close();
  }
  console.log(`\nAnteprima (dev): salvataggio di un dato (soci del Casalasco), ${rebuilds.length} volte`);
  console.log(`  ricostruzione       mediana ${ms(median(rebuilds))}   esecuzioni ${rebuilds.map((x) => Math.round(x)).join(' ')}`);
  console.log(`  dal salvataggio     mediana ${ms(median(latencies))}   (con l'attesa del file watcher e i ${40} ms di pausa)`);
  // Where a rebuild's time goes: its stages, and what is outside them (the in-memory files, the wait for the pages).
  const steps = [...new Set(stages.flatMap((s) => s.map((t) => t.step)))];
  const of = (s, step) => s.filter((t) => t.step === step).reduce((sum, t) => sum + t.ms, 0);
  for (const step of steps) console.log(`  fase: ${step.padEnd(28)}${ms(median(stages.map((s) => of(s, step))))}`);
  console.log(`  ${'fuori dalle fasi (file in memoria)'.padEnd(34)}${ms(median(stages.map((s, i) => rebuilds[i] - s.reduce((sum, t) => sum + t.ms, 0))))}`);
  return median(rebuilds);
}

/** The machine's load: the figures of a loaded machine are slower and more spread than an idle one's. */
const load = () =>
  `carico medio della macchina ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')} (1, 5, 15 min) su ${availableParallelism()} core`;

try {
  console.log(`All'inizio: ${load()}`);
  const out = path.join(work, 'output');
  const templates = await tenfoldTemplates();
  const real = ['build', '--out', out];
  const htmlOnly = ['build', '--out', out, '--only', 'html'];
  const full = ['build', '--out', out, '--only', 'html,pdf,report'];

  // The Marp deck, from our own build: the same slides, texts and SVG charts.
  const first = await assemblea(real);
  if (!first.json?.ok) throw new Error('the build failed; run `npx assemblea build` to see why');
  const deck = marpDeck(await readFile(path.join(out, String(first.json.year), 'deck.html'), 'utf8'));
  const marpDir = path.join(work, 'marp');
  await mkdir(marpDir);
  const md = path.join(marpDir, 'deck.md');
  await writeFile(md, deck.markdown);
  for (const [name, svg] of Object.entries(deck.images)) await writeFile(path.join(marpDir, name), svg);
  console.log(`Mazzo Marp: ${deck.slides} diapositive, ${Object.keys(deck.images).length} grafici SVG, dalla build di deck.html (${Math.round(deck.markdown.length / 1024)} kB di Markdown)`);
  const marpHtml = () => marp(md, path.join(marpDir, 'deck.html'));
  const marpPdf = () => marp(md, path.join(marpDir, 'deck.pdf'), ['--pdf', '--allow-local-files']);
  const marpBoth = async () => {
    const h = await marpHtml();
    const p = await marpPdf();
    return { wall: h.wall + p.wall };
  };

  const html = await paired('Solo HTML (--only html) contro Marp HTML', () => assemblea(htmlOnly), marpHtml);
  goal('solo HTML / Marp HTML', html.ratio, GOALS.htmlVsMarp, `${ratio(html.ratio)} (max ${GOALS.htmlVsMarp}x)`);
  stageTable('Solo HTML, presentazione reale', html.ours);

  const whole = await paired('Build completa (HTML, PDF, resoconto, anteprima, PowerPoint) contro Marp HTML + PDF', () => assemblea(real), marpBoth);
  goal('build completa / Marp HTML+PDF', whole.ratio, GOALS.fullVsMarp, `${ratio(whole.ratio)} (max ${GOALS.fullVsMarp}x)`);
  stageTable('Build completa, presentazione reale', whole.ours);
  spread('build completa', whole.ours);
  const chartsMs = median(whole.ours.map((r) => r.json.timings.filter((t) => CHART_STAGES.includes(t.step)).reduce((sum, t) => sum + t.ms, 0)));
  goal('grafici della build completa (le due fasi insieme)', chartsMs, GOALS.chartsMs, `${Math.round(chartsMs)} ms (max ${GOALS.chartsMs} ms)`);
  const rss = Math.max(...whole.ours.map((r) => r.rssKb ?? 0)) / 1024;
  console.log(`  picco di memoria (RSS di Node, la più alta delle esecuzioni) ${Math.round(rss)} MB`);
  goal('picco di memoria della build completa', rss, GOALS.rssMb, `${Math.round(rss)} MB (max ${GOALS.rssMb} MB)`);

  // deck.html, the report and the PDFs without deck.pptx: what Marp's HTML+PDF makes, give or take.
  const noPptx = [];
  for (let i = 0; i < RUNS; i++) noPptx.push(await assemblea(full));
  console.log(
    `\nSenza deck.pptx (--only html,pdf,report): mediana ${ms(median(noPptx.map((r) => r.wall)))}, rapporto con Marp HTML+PDF ${ratio(median(noPptx.map((r) => r.wall)) / median(whole.theirs.map((r) => r.wall)))}`,
  );

  // The persistent chart cache, filled by an earlier build of the same data (off for the goals above).
  const cache = path.join(work, 'cache-warm');
  await assemblea(real, { ASSEMBLEA_CACHE: cache });
  const warm = [];
  for (let i = 0; i < RUNS; i++) warm.push(await assemblea(real, { ASSEMBLEA_CACHE: cache }));
  stageTable('Build completa con la cache dei grafici già piena', warm);

  const realRuns = [];
  const tenRuns = [];
  const htmlRuns = [];
  await child('-', real);
  for (let i = 0; i < RUNS; i++) {
    realRuns.push(await child('-', real));
    tenRuns.push(await child(templates, real));
    htmlRuns.push(await child('-', htmlOnly));
  }
  timeline('Solo HTML', htmlRuns, median(html.theirs.map((r) => r.wall)) * GOALS.htmlVsMarp);
  timeline('Build completa', realRuns, median(whole.theirs.map((r) => r.wall)) * GOALS.fullVsMarp);
  stageTable('Presentazione dieci volte più grande, build completa', tenRuns);
  drawingTable('Presentazione reale, build completa', realRuns);
  const ten = median(tenRuns.map((r) => r.wall)) / median(realRuns.map((r) => r.wall));
  console.log(`  rispetto alla reale (stesse esecuzioni alternate) ${ratio(ten)}`);
  goal('dieci volte più grande / reale', ten, GOALS.tenfold, `${ratio(ten)} (max ${GOALS.tenfold}x)`);
  spread('dieci volte più grande', tenRuns);

  const devMs = await devRebuild();
  goal('anteprima: ricostruzione dopo il salvataggio di un dato', devMs, GOALS.devRebuildMs, `${Math.round(devMs)} ms (max ${GOALS.devRebuildMs} ms)`);

  console.log(`\nAlla fine: ${load()}`);
  console.log('\nObiettivi (issue 24)');
  for (const r of results) console.log(`  ${verdict(r.ok)}${r.label.padEnd(64)}${r.shown}`);
  if (RUNS < 7) console.log(`  (con ${RUNS} esecuzioni: la dispersione si giudica su 7, senza --quick)`);
} finally {
  await rm(work, { recursive: true, force: true });
}
