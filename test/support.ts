/** Shared by the tests: the project root, fixture folders, and `check` run on one of them.
 *
 * The real data/ grows a year each spring. A test reads it only for what it checks about the seed's
 * figures, pinned to SEED_YEAR (`checkRealData`, `--year 2025`, or `dataCopy`/`seedFolder`: the folder as
 * the office had it for that deck); it never depends on which year is the latest. The rest uses fixtures.
 * `.ci/run` runs the suite a second time with next year's file in place (scripts/next-year-copy.mjs). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer';
import { expect } from 'vitest';
import { isScalar, parseDocument, visit } from 'yaml';
import { type CheckResult, check } from '../src/check.js';
import { main } from '../src/cli.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { type Loaded, load } from '../src/load.js';
import { parseSource } from '../src/source.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DATA = path.join(ROOT, 'data');

export const fixtureDir = (name: string) => path.join(ROOT, 'test', 'fixtures', name);

/** `check` on a fixture folder, with paths shown relative to the project root (as a user running from it sees them). */
export function checkFixture(name: string, year?: number): Promise<CheckResult> {
  return check({ dataDir: fixtureDir(name), cwd: ROOT, year });
}

/** The year of the real data's figures the tests check: the seed's, the 2025 deck. Later years' files
 * (data/2026.yaml, once the office adds it) are not what those tests are about. */
export const SEED_YEAR = 2025;

/** `check` on the real data/, of SEED_YEAR unless told (never "the latest year", which moves on). */
export function checkRealData(year: number = SEED_YEAR): Promise<CheckResult> {
  return check({ dataDir: DATA, cwd: ROOT, year });
}

/** What a user reads first about a diagnostic: its code, severity and file:line:col. */
export function located(d: Diagnostic): { code: string; severity: string; at: string } {
  return { code: d.code, severity: d.severity, at: d.at ? `${d.at.file}:${d.at.line}:${d.at.col}` : '' };
}

/** The one diagnostic with this code; fails the test when there is none or more than one. */
export function only(diagnostics: readonly Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  if (found.length !== 1) throw new Error(`expected one «${code}», found ${found.length}: ${diagnostics.map((d) => d.code).join(', ')}`);
  return found[0];
}

/** The two-years fixture's rete.yaml and boundaries with year files given as text: for small cases
 * that do not deserve a fixture folder of their own. */
export async function loadedWith(yearFiles: Record<string, string>): Promise<Loaded> {
  const base = await load({ dataDir: fixtureDir('two-years'), cwd: ROOT });
  const years = Object.entries(yearFiles).map(([name, text]) => {
    const { source, diagnostics } = parseSource(name, text);
    if (!source) throw new Error(`${name} does not parse: ${diagnostics.map((d) => d.code).join(', ')}`);
    return { year: Number(name.slice(0, 4)), source };
  });
  return { ...base, years };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `assemblea` in-process, as a user runs it from `cwd` (the project root unless told), keeping what it
 * writes. `tty` makes stdout look like a terminal (for progress output). */
export async function runCli(argv: readonly string[], options: { env?: Record<string, string>; cwd?: string; tty?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const out = Object.assign(
    sink((s) => (stdout += s)),
    { isTTY: options.tty ?? false },
  );
  const code = await main(argv, { env: options.env ?? {}, cwd: options.cwd ?? ROOT, stdout: out, stderr: sink((s) => (stderr += s)) });
  return { code, stdout, stderr };
}

export interface Opened {
  page: Page;
  /** Every address the page asked for. */
  requests: string[];
  /** Uncaught exceptions and console errors. */
  errors: string[];
}

/** A page of `browser` at `url`, recording its requests and errors, with motion reduced (slides
 * cross-fade otherwise) and the fonts loaded. */
export async function openPage(browser: Browser, url: string, viewport = { width: 1280, height: 720 }, motion: 'reduce' | 'no-preference' = 'reduce'): Promise<Opened> {
  const page = await browser.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: motion }]);
  await page.setViewport(viewport);
  await page.goto(url);
  await page.evaluate(() => document.fonts.ready);
  return { page, requests, errors };
}

/** A year's file of data/ (or a name meant as one, like 2026.yml) for a year after SEED_YEAR. */
const laterYear = (name: string) => Number(/^(\d{4})\b/.exec(name)?.[1] ?? 0) > SEED_YEAR;

/** A copy of data/ at `dir` (made if needed), as the office had it for the SEED_YEAR deck (no later
 * year's file), with the text of each named file changed by its function: the real data with one
 * careless edit, or one addition, for a test. Returns `dir`. */
export async function dataCopy(dir: string, edits: Record<string, (text: string) => string> = {}): Promise<string> {
  await cp(DATA, dir, { recursive: true, filter: (from) => path.dirname(from) !== DATA || !laterYear(path.basename(from)) });
  for (const [name, change] of Object.entries(edits)) {
    const file = path.join(dir, name);
    await writeFile(file, change(await readFile(file, 'utf8')));
  }
  return dir;
}

/** A new folder holding data/, a `dataCopy`: run a command from it (cwd) and it finds that data as it
 * finds the project's, naming its files data/2025.yaml. The caller removes it. */
export async function seedFolder(edits: Record<string, (text: string) => string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'assemblea-seed-'));
  await dataCopy(path.join(dir, 'data'), edits);
  return dir;
}

/** A copy of data/ whose project slide has fourteen more objectives than fit: a slide too full to print. */
export function overfullDataCopy(dir: string): Promise<string> {
  const many = Array.from({ length: 14 }, (_, i) => `      - Obiettivo aggiunto numero ${i + 1}, scritto per allungare la diapositiva oltre il suo spazio`).join('\n');
  const last = '      - Coinvolgimento degli anziani nella vita comunitaria\n';
  return dataCopy(dir, { '2025.yaml': (t) => t.replace(last, `${last}${many}\n`) });
}

/** What a build stopped by that slide says: the code, the slide's title and where its field is. */
export function expectOverfullMessage(r: CliRun): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('diapositiva-troppo-piena');
  expect(r.stderr).toContain('Invecchiamento attivo');
  expect(r.stderr).toMatch(/2025\.yaml:\d+:\d+/);
}

/** Next year's file as the office would write it from `text`, a year's file: the same sections, every figure
 * 3% up (percentages as they were), the years moved on by one (the year, the assembly's date, an academic
 * year, a title naming the year) and no printed totals (those belong to an old printed deck). */
export function nextYearText(text: string, from: number): string {
  const doc = parseDocument(text);
  const to = from + 1;
  visit(doc, {
    Pair(_k, pair) {
      if (!isScalar(pair.key)) return undefined;
      const key = String(pair.key.value);
      if (/_stampat[oa]$/.test(key)) return visit.REMOVE;
      if (!isScalar(pair.value)) return undefined;
      const v = pair.value.value;
      if (key === 'anno') pair.value.value = to;
      else if (typeof v === 'number' && !/percentuale/.test(key)) pair.value.value = Math.round(v * 1.03);
      else if (typeof v === 'string') {
        pair.value.value = /^\d{4}-\d{2}-\d{2}$/.test(v)
          ? `${Number(v.slice(0, 4)) + 1}${v.slice(4)}`
          : /^\d{4}\/\d{2}$/.test(v)
            ? `${Number(v.slice(0, 4)) + 1}/${String((Number(v.slice(5)) + 1) % 100).padStart(2, '0')}`
            : v.replace(new RegExp(`\\b${from}\\b`, 'g'), String(to));
      }
      return undefined;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** Processes whose parent is `pid` (Linux: read from /proc). */
export function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        const stat = readFileSync(`/proc/${n}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Whether a process is still running (a zombie is not). */
export const alive = (pid: number): boolean => {
  try {
    return existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

/** Text of XML or HTML with its entities decoded: the five named ones and numeric ones (Handlebars writes ' as &#x27;). */
export const decodeEntities = (t: string): string =>
  t
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a PDF page paints as text, read from its operators with pdf.js: each run of text with the fill
 * colour it is painted in (`#rrggbb`). */
export async function paintedTexts(pdf: string, pageNumber: number): Promise<{ fill: string; text: string }[]> {
  const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(readFileSync(pdf)) }).promise;
  try {
    const ops = await (await doc.getPage(pageNumber)).getOperatorList();
    const runs: { fill: string; text: string }[] = [];
    const stack: string[] = [];
    let fill = '#000000';
    ops.fnArray.forEach((fn, i) => {
      const args = ops.argsArray[i] as unknown[];
      if (fn === OPS.save) stack.push(fill);
      else if (fn === OPS.restore) fill = stack.pop() ?? '#000000';
      else if (fn === OPS.setFillRGBColor) fill = String(args[0]);
      else if (fn === OPS.showText) runs.push({ fill, text: (args[0] as ({ unicode?: string } | number)[]).map((g) => (typeof g === 'object' && g ? (g.unicode ?? '') : '')).join('') });
    });
    return runs;
  } finally {
    await doc.destroy();
  }
}

/** LibreOffice's command on this machine, if it is installed (CI installs it; tests that need it fail there without it). */
export const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));

/** A LibreOffice profile of its own under `dir`, its locale set (as on a PC in that language): the
 * `-env:UserInstallation=` argument that has soffice use it. */
export async function libreOfficeProfile(dir: string, locale: string): Promise<string> {
  const profile = path.join(dir, 'lo-profile');
  await mkdir(path.join(profile, 'user'), { recursive: true });
  await writeFile(
    path.join(profile, 'user', 'registrymodifications.xcu'),
    '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' +
      `<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>${locale}</value></prop></item>\n</oor:items>\n`,
  );
  return `-env:UserInstallation=file://${profile}`;
}
