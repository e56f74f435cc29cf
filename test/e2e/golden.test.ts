/** Whole outputs of a small synthetic network (test/fixtures/small-network: two districts, two years),
 * built with the clock pinned, against the golden files in test/golden/small-network/: deck.html,
 * report.html, revisione.html, the CSV files and deck.pptx's XML parts (not the PDFs' bytes, nor the pixels
 * of the PNG the browser draws for deck.pptx: only its size).
 *
 * After a change that is meant to change the outputs: `UPDATE_GOLDEN=1 npx vitest run test/e2e/golden.test.ts`,
 * then read the golden files' diff in git before committing. CI never sets it.
 *
 * To keep the files small and their diffs readable, bulky parts are written as a digest (any change to
 * them still fails): embedded fonts and pictures, inline styles and scripts, each SVG drawing (of which
 * the texts are kept), and deck.pptx's parts that are not the deck's own content (see PPTX_WHOLE).
 * XML and HTML get a line per tag. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDir, ROOT, runCli } from '../support.js';

const NETWORK = 'small-network';
const GOLDEN = path.join(ROOT, 'test', 'golden', NETWORK);
const UPDATE = process.env.UPDATE_GOLDEN === '1';
/** 2023-11-14T22:13:20Z: every date the outputs stamp. */
const EPOCH = '1700000000';

const digest = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** An SVG drawing -> its opening tag (role, size, text alternative), a digest, and the texts it draws. */
function svgSummary(svg: string): string {
  const open = /^<svg\b[^>]*>/.exec(svg)![0];
  const texts = [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').trim()).filter(Boolean);
  return `${open}\n[svg ${digest(svg)}, ${svg.length} chars; texts: ${texts.join(' | ')}]\n</svg>`;
}

/** HTML as compared: bulky parts as digests, a line per tag. */
function normaliseHtml(html: string): string {
  return html
    .replace(/base64,([A-Za-z0-9+/=]{100,})/g, (_m, data: string) => `base64,[${digest(data)}, ${data.length} chars]`)
    .replace(/(<(style|script)\b[^>]*>)([\s\S]*?)(<\/\2>)/g, (_m, open: string, _tag: string, body: string, close: string) =>
      body.length > 200 ? `${open}[${digest(body)}, ${body.length} chars]${close}` : `${open}${body}${close}`,
    )
    .replace(/<svg\b[\s\S]*?<\/svg>/g, svgSummary)
    .replace(/>\s*</g, '>\n<');
}

/** The parts of deck.pptx that hold the deck (slides, charts, notes, masters, properties), written out
 * whole; the others (theme, layouts, relationships, content types, pictures, workbooks) as a digest. */
const PPTX_WHOLE = /^(ppt\/(slides|charts|notesSlides|slideMasters)\/[^/]+\.xml|ppt\/presentation\.xml|docProps\/core\.xml)$/;

/** deck.pptx -> one text: each part by name, XML a line per tag. */
async function normalisePptx(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files)
    .filter((n) => !zip.files[n].dir)
    .sort();
  const parts: string[] = [];
  for (const name of names) {
    if (PPTX_WHOLE.test(name)) parts.push(`==> ${name}\n${(await zip.file(name)!.async('string')).replace(/>\s*</g, '>\n<')}`);
    else if (/^ppt\/media\/[^/]+\.png$/.test(name)) {
      // The browser draws these pixels (the map's PNG fallback), as it prints the PDFs: their size is ours,
      // their antialiasing the browser's (Chromium and its headless shell differ), so only the size is compared.
      const png = Buffer.from(await zip.file(name)!.async('uint8array'));
      parts.push(`==> ${name}\n[png ${png.readUInt32BE(16)}x${png.readUInt32BE(20)}, drawn by the browser]`);
    } else {
      const data = await zip.file(name)!.async('uint8array');
      parts.push(`==> ${name}\n[${digest(data)}, ${data.length} bytes]`);
    }
  }
  return `${parts.join('\n')}\n`;
}

/** The shortest edit script from `a` to `b` (Myers' algorithm): '=' keep, '-' remove, '+' add. Past
 * `maxD` edits, undefined (the files have little in common: the caller says so instead). */
function editScript(a: readonly string[], b: readonly string[], maxD = 2000): ('=' | '-' | '+')[] | undefined {
  const n = a.length;
  const m = b.length;
  // The furthest x on each diagonal k (x - y), one array per number of edits d, kept to backtrack.
  const trace: Map<number, number>[] = [];
  let v = new Map<number, number>([[1, 0]]);
  for (let d = 0; d <= Math.min(n + m, maxD); d++) {
    trace.push(v);
    const next = new Map(v);
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v.get(k - 1) ?? -1) < (v.get(k + 1) ?? -1));
      let x = down ? v.get(k + 1)! : v.get(k - 1)! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next.set(k, x);
      if (x >= n && y >= m) {
        const ops: ('=' | '-' | '+')[] = [];
        let cx = n;
        let cy = m;
        for (let e = d; e > 0; e--) {
          const prev = trace[e];
          const ck = cx - cy;
          const wentDown = ck === -e || (ck !== e && (prev.get(ck - 1) ?? -1) < (prev.get(ck + 1) ?? -1));
          const pk = wentDown ? ck + 1 : ck - 1;
          const px = prev.get(pk)!;
          const py = px - pk;
          while (cx > (wentDown ? px : px + 1) && cy > (wentDown ? py + 1 : py)) {
            ops.push('=');
            cx--;
            cy--;
          }
          ops.push(wentDown ? '+' : '-');
          cx = px;
          cy = py;
        }
        while (cx > 0 && cy > 0) {
          ops.push('=');
          cx--;
          cy--;
        }
        return ops.reverse();
      }
    }
    v = next;
  }
  return undefined;
}

/** The lines that differ, in hunks with a little context, as `diff -u` shows them ('-' golden, '+' built). */
function lineDiff(expected: string, actual: string, context = 3, max = 120): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const ops = editScript(a, b);
  if (!ops) return `(too different to list: ${a.length} lines expected, ${b.length} found)`;
  // Each op with the line it concerns and its line numbers in both files.
  const rows: { op: '=' | '-' | '+'; text: string; ia: number; ib: number }[] = [];
  let ia = 0;
  let ib = 0;
  for (const op of ops) {
    rows.push({ op, text: op === '+' ? b[ib] : a[ia], ia, ib });
    if (op !== '+') ia++;
    if (op !== '-') ib++;
  }
  const near = rows.map(() => false);
  rows.forEach((r, i) => {
    if (r.op !== '=') for (let j = Math.max(0, i - context); j <= Math.min(rows.length - 1, i + context); j++) near[j] = true;
  });
  const out: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (!near[i]) continue;
    if (i === 0 || !near[i - 1]) out.push(`@@ -${rows[i].ia + 1} +${rows[i].ib + 1} @@`);
    out.push(`${rows[i].op === '=' ? ' ' : rows[i].op} ${rows[i].text}`);
  }
  return out.length > max ? [...out.slice(0, max), `… ${out.length - max} more lines`].join('\n') : out.join('\n');
}

let work: string;
/** Each compared output, normalised, by its golden file's name. */
const outputs = new Map<string, string>();

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'assemblea-golden-'));
  const r = await runCli(['build', '--data', fixtureDir(NETWORK), '--out', work, '--only', 'html,report,pptx', '--quiet'], { env: { SOURCE_DATE_EPOCH: EPOCH } });
  expect(r.stderr).not.toMatch(/errore/);
  expect(r.code).toBe(0);
  const dir = path.join(work, '2025');
  for (const name of ['deck.html', 'report.html', 'revisione.html']) outputs.set(name, normaliseHtml(readFileSync(path.join(dir, name), 'utf8')));
  for (const name of (await readdir(path.join(dir, 'dati'))).sort()) outputs.set(`dati/${name}`, readFileSync(path.join(dir, 'dati', name), 'utf8'));
  outputs.set('deck.pptx.txt', await normalisePptx(readFileSync(path.join(dir, 'deck.pptx'))));
  if (UPDATE) {
    await rm(GOLDEN, { recursive: true, force: true });
    await mkdir(path.join(GOLDEN, 'dati'), { recursive: true });
    for (const [name, text] of outputs) await writeFile(path.join(GOLDEN, name), text);
  }
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const HOW = "if the change is meant: UPDATE_GOLDEN=1 npx vitest run test/e2e/golden.test.ts, then read the golden files' diff in git";

describe(`the outputs of ${NETWORK}, against test/golden/${NETWORK}/`, () => {
  it('makes the same files as the golden ones, no more and no fewer', async () => {
    const golden = [...(await readdir(GOLDEN)).filter((n) => n !== 'dati'), ...(await readdir(path.join(GOLDEN, 'dati'))).map((n) => `dati/${n}`)].sort();
    expect([...outputs.keys()].sort(), HOW).toEqual(golden);
  });

  it.each(['deck.html', 'report.html', 'revisione.html', 'deck.pptx.txt', 'dati/'])('%s is as its golden file', (name) => {
    const names = name.endsWith('/') ? [...outputs.keys()].filter((n) => n.startsWith(name)) : [name];
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) {
      const file = path.join(GOLDEN, n);
      expect(existsSync(file), `${path.relative(ROOT, file)} is missing; ${HOW}`).toBe(true);
      const expected = readFileSync(file, 'utf8');
      const actual = outputs.get(n)!;
      if (actual !== expected) expect.fail(`${n} differs from ${path.relative(ROOT, file)}:\n${lineDiff(expected, actual)}\n(${HOW})`);
    }
  });

  it('stamps the pinned date (SOURCE_DATE_EPOCH), so the files do not change from run to run', () => {
    expect(outputs.get('deck.pptx.txt')).toContain('2023-11-14T22:13:20Z');
  });
});

describe('lineDiff', () => {
  it('shows each change in its own hunk, with its neighbours, and nothing else', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'];
    const after = ['a', 'B', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];
    expect(lineDiff(before.join('\n'), after.join('\n'), 1)).toBe(['@@ -1 +1 @@', '  a', '- b', '+ B', '  c', '@@ -11 +11 @@', '  k', '+ l'].join('\n'));
  });

  it('edit scripts that turn the golden lines into the built ones', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let n = 0; n < 200; n++) {
      const a = Array.from({ length: Math.floor(random() * 12) }, () => 'abc'[Math.floor(random() * 3)]);
      const b = Array.from({ length: Math.floor(random() * 12) }, () => 'abc'[Math.floor(random() * 3)]);
      const ops = editScript(a, b)!;
      const made: string[] = [];
      let i = 0;
      let j = 0;
      for (const op of ops) {
        if (op === '=') expect(a[i]).toBe(b[j]);
        if (op !== '+') i++;
        if (op !== '-') made.push(b[j++]);
      }
      expect([made, i]).toEqual([b, a.length]);
    }
  });

  it('finds lines removed and added among many equal ones', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i}`);
    const changed = [...lines.slice(0, 50), ...lines.slice(51, 150), 'new', ...lines.slice(150)];
    expect(lineDiff(lines.join('\n'), changed.join('\n'), 0)).toBe(['@@ -51 +51 @@', '- line 50', '@@ -151 +150 @@', '+ new'].join('\n'));
  });
});
