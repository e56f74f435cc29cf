/** Whole outputs of a small synthetic network (test/fixtures/small-network: two districts, two years),
 * built with the clock pinned, against the golden files in test/golden/small-network/: deck.html,
 * report.html, revisione.html, the CSV files and deck.pptx's XML parts (not the PDFs' bytes, nor the pixels
 * of the PNG the browser draws for deck.pptx: only its size).
 *
 * The golden files are vitest file snapshots. After a change that is meant to change the outputs:
 * `npx vitest run -u test/e2e/golden.test.ts`, then read the golden files' diff in git before committing.
 * In CI vitest writes no snapshot: a golden file missing or different fails.
 *
 * To keep the files small and their diffs readable, bulky parts are written as a digest (any change to
 * them still fails): embedded fonts and pictures, inline styles and scripts, each SVG drawing (of which
 * the texts are kept), and deck.pptx's parts that are not the deck's own content (see PPTX_WHOLE).
 * XML and HTML get a line per tag. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDir, ROOT, runCli } from '../support.js';

const NETWORK = 'small-network';
const GOLDEN = path.join(ROOT, 'test', 'golden', NETWORK);
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
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const HOW = "if the change is meant: npx vitest run -u test/e2e/golden.test.ts, then read the golden files' diff in git";

describe(`the outputs of ${NETWORK}, against test/golden/${NETWORK}/`, () => {
  it('makes the same files as the golden ones, no more and no fewer', async () => {
    const golden = [...(await readdir(GOLDEN)).filter((n) => n !== 'dati'), ...(await readdir(path.join(GOLDEN, 'dati'))).map((n) => `dati/${n}`)].sort();
    expect([...outputs.keys()].sort(), HOW).toEqual(golden);
  });

  it.each(['deck.html', 'report.html', 'revisione.html', 'deck.pptx.txt', 'dati/'])('%s is as its golden file', async (name) => {
    const names = name.endsWith('/') ? [...outputs.keys()].filter((n) => n.startsWith(name)) : [name];
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) await expect(outputs.get(n), `${n} (${HOW})`).toMatchFileSnapshot(path.join(GOLDEN, n));
  });

  it('stamps the pinned date (SOURCE_DATE_EPOCH), so the files do not change from run to run', () => {
    expect(outputs.get('deck.pptx.txt')).toContain('2023-11-14T22:13:20Z');
  });
});
