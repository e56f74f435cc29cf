/** review.ts and review-page.ts: the flags on synthetic figures, the pairing of two years, the warnings
 * `check` prints (at the figure), their wording, and the review page. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer';
import { afterAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../src/browser.js';
import { build } from '../src/build.js';
import { configFrom, type Config } from '../src/config.js';
import { msg } from '../src/messages.js';
import { compareYears, flagOf, review, reviewWarnings, FLAG_CODE } from '../src/review.js';
import type { Year } from '../src/schema.js';
import { validate } from '../src/validate.js';
import { checkFixture, checkRealData, dataCopy, loadedWith, located } from './support.js';

// The code inside page.evaluate runs in the browser; the project compiles without the DOM library.
declare const getComputedStyle: any;

describe('flagOf: changes that look like typing errors', () => {
  it.each([
    // [previous, current, flag]
    [3503, 0, 'zero'],
    [1, 0, 'zero'],
    [3503, 35030, 'cifra'],
    [3503, 350, 'cifra'],
    [1217, 217, 'cifra'],
    [99, 1000, 'cifra'],
    [3503, 5000, 'terzo'],
    [3503, 2000, 'terzo'],
    [4778, 7860, 'terzo'],
    [10, 14, 'terzo'],
  ] as const)('%d -> %d: %s', (previous, current, flag) => {
    expect(flagOf(previous, current)).toBe(flag);
  });

  it.each([
    [3503, 3508],
    [3503, 4670], // +33,3%: not more than a third
    [3503, 2336], // −33,3%
    [999, 1000], // a digit more, but a small move: not a slip
    [1000, 999],
    [95, 105],
    [1, 2], // +100%, but one unit: counts this small move by whole units
    [3, 5],
    [0, 0],
    [0, 500], // something new: nothing to compare with
  ] as const)('%d -> %d: no flag', (previous, current) => {
    expect(flagOf(previous, current)).toBeUndefined();
  });
});

describe('compareYears', () => {
  const y = (o: object) => ({ anno: 2025, ...o }) as unknown as Year;

  it('pairs figures by their path, list items by name even when reordered, and leaves out the year and printed totals', () => {
    const rows = compareYears(
      y({
        soci: { per_ambito: { Cremasco: 110, Cremonese: 0 }, totale_stampato: 110 },
        convenzioni: { controparti: [{ nome: 'Tribunale', numero: 1 }, { nome: 'Enti locali', numero: 500 }] },
      }),
      y({
        soci: { per_ambito: { Cremasco: 100, Cremonese: 50 }, totale_stampato: 150 },
        convenzioni: { controparti: [{ nome: 'Enti locali', numero: 50 }, { nome: 'Tribunale', numero: 1 }] },
        volontari: { totale: 900 },
      }),
    );
    expect(rows.map((r) => [r.field, r.current, r.previous, r.change?.diff, r.flag])).toEqual([
      ['soci › per_ambito › Cremasco', 110, 100, 10, undefined],
      ['soci › per_ambito › Cremonese', 0, 50, -50, 'zero'],
      ['convenzioni › controparti › Tribunale › numero', 1, 1, 0, undefined],
      ['convenzioni › controparti › Enti locali › numero', 500, 50, 450, 'cifra'],
      // Only last year had it: listed last, with nothing beside it.
      ['volontari › totale', undefined, 900, undefined, undefined],
    ]);
    expect(rows.map((r) => r.section)).toEqual(['soci', 'soci', 'convenzioni', 'convenzioni', 'volontari']);
  });

  it('without last year, lists the figures with nothing to compare', () => {
    const rows = compareYears(y({ soci: { per_ambito: { Cremasco: 3 } } }), undefined);
    expect(rows).toEqual([{ section: 'soci', field: 'soci › per_ambito › Cremasco', current: 3, previous: undefined, change: undefined, flag: undefined, at: undefined }]);
  });
});

const PREVIOUS = 'anno: 2024\nsoci:\n  per_ambito:\n    Cremasco: 3503\n    Cremonese: 3279\n    Casalasco: 696\n';

async function flagsFor(current: string) {
  const loaded = await loadedWith({ '2024.yaml': PREVIOUS, '2025.yaml': current });
  const { dataset, diagnostics } = validate(loaded);
  expect(diagnostics).toEqual([]);
  return review(dataset!);
}

describe('the flags as check warnings', () => {
  it('each warning is at the figure, names its field, and says what moved', async () => {
    const r = await flagsFor('anno: 2025\nsoci:\n  per_ambito:\n    Cremasco: 35030\n    Cremonese: 3280\n    Casalasco: 0\n');
    const ws = reviewWarnings(r);
    expect(ws.map(located)).toEqual([
      { code: FLAG_CODE, severity: 'warning', at: '2025.yaml:4:15' },
      { code: FLAG_CODE, severity: 'warning', at: '2025.yaml:6:16' },
    ]);
    expect(ws.map((w) => w.field)).toEqual(['soci › per_ambito › Cremasco', 'soci › per_ambito › Casalasco']);
  });

  it('check prints them with the other warnings', async () => {
    const r = await checkFixture('two-years');
    expect(r.diagnostics.filter((d) => d.code === FLAG_CODE)).toEqual([]);
    // The real 2025 figures move by less than a third on 2024: no flag.
    expect((await checkRealData()).diagnostics.filter((d) => d.code === FLAG_CODE)).toEqual([]);
    // 2024's Casalasco hours are +64,5% on 2023: a real change, flagged so someone looks.
    const flagged = (await checkRealData(2024)).diagnostics.filter((d) => d.code === FLAG_CODE);
    expect(flagged.map(located)).toEqual([{ code: FLAG_CODE, severity: 'warning', at: 'data/2024.yaml:19:16' }]);
  });
});

describe('wording of the flags', () => {
  it('went to zero', () => {
    expect(msg.suspiciousChange('zero', 0, 696, 2025, 2024)).toEqual({
      message: 'Il dato è sceso a zero: nel 2025 è 0, nel 2024 era 696.',
      hint: 'Se il dato manca, scrivilo o togli la riga se il campo è facoltativo; se è davvero zero, ignora questo avviso.',
    });
  });
  it('a digit more or less', () => {
    expect(msg.suspiciousChange('cifra', 35030, 3503, 2025, 2024)).toEqual({
      message: 'Variazione sospetta: nel 2025 è 35.030, nel 2024 era 3.503 (+900,0%): ha una cifra in più.',
      hint: 'Controlla di non aver battuto una cifra in più o in meno; se il numero è giusto, ignora questo avviso.',
    });
    expect(msg.suspiciousChange('cifra', 350, 3503, 2025, 2024).message).toBe('Variazione sospetta: nel 2025 è 350, nel 2024 era 3.503 (−90,0%): ha una cifra in meno.');
  });
  it('more than a third', () => {
    expect(msg.suspiciousChange('terzo', 7860, 4778, 2024, 2023)).toEqual({
      message: 'Variazione sospetta: nel 2024 è 7.860, nel 2023 era 4.778 (+64,5%): è cambiato di più di un terzo.',
      hint: 'Confronta il numero con il documento di partenza; se è giusto, ignora questo avviso.',
    });
  });
});

describe('revisione.html', () => {
  const dirs: string[] = [];
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  /** The review page the build makes from a copy of the real data with `edits`. */
  async function pageFor(edits: Record<string, (text: string) => string>, remove: string[] = []): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'assemblea-review-'));
    dirs.push(dir);
    const data = await dataCopy(path.join(dir, 'data'), edits);
    for (const f of remove) await rm(path.join(data, f));
    const config = configFrom(['build', '--only', 'html', '--data', data], {}, dir, false) as Config;
    const r = await build(config, () => {}, { inMemory: true });
    return r.pages!["revisione.html"] as string;
  }

  it('names each figure in plain Italian, the flagged ones first, with every other warning', async () => {
    const html = await pageFor({ '2025.yaml': (t) => t.replace('Cremasco: 3503', 'Cremasco: 35030') });
    expect(html).toMatch(/^<!doctype html>\n<html lang="it">/);
    expect(html).toContain('<title>Revisione dei dati 2025 — Auser Cremona</title>');
    // The same count new-year gives: 82 figures.
    // (the slip also breaks the printed members' total and growth: two more warnings.)
    expect(html).toContain('82 dati; <strong>1 variazione da controllare</strong>; 21 altri avvisi.');
    const flagged = html.slice(html.indexOf('id="da-controllare"'), html.indexOf('id="tutti-i-dati"'));
    // A flag is said in words (not only by colour), with where the figure is.
    expect(flagged).toContain('<tr class="flag">\n<th scope="row">Soci tesserati per ambito › Cremasco</th>\n<td class="n">35.030</td>\n<td class="n">3.458</td>\n<td class="n">+31.572</td>');
    expect(flagged).toContain('Una cifra in più?');
    // Rows and tables are named in words, not by the YAML's keys.
    const rowNames = [...html.matchAll(/<th scope="row">([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(rowNames.length).toBe(83);
    expect(rowNames.filter((n) => /_|›\s*$|^\s*$/.test(n))).toEqual([]);
    expect(rowNames).toContain('Numero di convenzioni › ASST di Cremona');
    expect(rowNames).toContain('Volontari › Officina dell&#x27;aiuto Crema');
    expect([...html.matchAll(/<caption>([^<]*)<\/caption>/g)].map((m) => m[1])).toContain('Mobilità sociale');
    // The other warnings, in full; the flags are not repeated there.
    expect(html).toContain('la percentuale stampata è 26%, ma dai dati risulta 51%');
    expect(html.match(/Variazione sospetta/g)).toBeNull();
  });

  it("in the deck's font, embedded, with columns that line up from table to table", async () => {
    const html = await pageFor({});
    expect(html).toContain("@font-face{font-family:'Titillium Web'");
    browser = await launchBrowser();
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.setContent(html, { waitUntil: 'load' });
    const found = await page.evaluate(async () => {
      await (document as any).fonts.ready;
      const tables = [...(document as any).querySelectorAll('table')];
      return {
        font: getComputedStyle((document as any).body).fontFamily as string,
        loaded: (document as any).fonts.check("16px 'Titillium Web'") as boolean,
        // Each table's column edges (left of every header cell), rounded to whole pixels.
        edges: tables.map((t: any) => [...t.querySelectorAll('thead th')].map((th: any) => Math.round(th.getBoundingClientRect().left))),
      };
    });
    expect(found.font).toMatch(/^"?Titillium Web"?/);
    expect(found.loaded).toBe(true);
    expect(found.edges.length).toBeGreaterThan(10);
    for (const e of found.edges) expect(e).toEqual(found.edges[0]);
  }, 60_000);

  it('without last year says so', async () => {
    const html = await pageFor({}, ['2024.yaml']);
    expect(html).toContain('Non c&#x27;è il file del 2024: i dati del 2025 sono elencati senza confronto.');
    expect(html).toContain('Nessuna variazione sospetta.');
  });
});
