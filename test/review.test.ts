/** review.ts and review-page.ts: the flags on synthetic figures, the pairing of two years, the warnings
 * `check` prints (at the figure), their wording, and the review page. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer';
import { afterAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../src/browser.js';
import { build } from '../src/build.js';
import { type Config, configFrom } from '../src/config.js';
import { inMemory } from '../src/context.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { msg } from '../src/messages.js';
import { compareYears, FLAG_CODE, flagOf, namesPreviousYear, review, reviewWarnings, vanished, yearsNamed } from '../src/review.js';
import type { Year } from '../src/schema.js';
import { validate } from '../src/validate.js';
import { checkFixture, checkRealData, dataCopy, loadedWith, located, nextYearText } from './support.js';

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
        convenzioni: {
          controparti: [
            { nome: 'Tribunale', numero: 1 },
            { nome: 'Enti locali', numero: 500 },
          ],
        },
      }),
      y({
        soci: { per_ambito: { Cremasco: 100, Cremonese: 50 }, totale_stampato: 150 },
        convenzioni: {
          controparti: [
            { nome: 'Enti locali', numero: 50 },
            { nome: 'Tribunale', numero: 1 },
          ],
        },
        volontari: { totale: 900 },
      }),
    );
    expect(rows.filter((r) => r.kind === 'number').map((r) => [r.field, r.current, r.previous, r.change?.diff, r.flag])).toEqual([
      ['soci › per_ambito › Cremasco', 110, 100, 10, undefined],
      ['soci › per_ambito › Cremonese', 0, 50, -50, 'zero'],
      ['convenzioni › controparti › Tribunale › numero', 1, 1, 0, undefined],
      ['convenzioni › controparti › Enti locali › numero', 500, 50, 450, 'cifra'],
      // Only last year had it: listed last, flagged as missing this year.
      ['volontari › totale', undefined, 900, undefined, 'manca'],
    ]);
    expect(rows.filter((r) => r.kind === 'number').map((r) => r.section)).toEqual(['soci', 'soci', 'convenzioni', 'convenzioni', 'volontari']);
  });

  it("puts texts and lists beside last year's too, and flags a text that still names last year", () => {
    const rows = compareYears(
      y({ anno: 2026, estate: { titolo: 'E-state 2025', iscritti: 3 }, unipop: { anno_accademico: '2024/25' }, turismo_sociale: { organizzatori: ['Crema', 'Lodi'] } }),
      y({ anno: 2025, estate: { titolo: 'E-state 2025', iscritti: 3 }, unipop: { anno_accademico: '2024/25' }, turismo_sociale: { organizzatori: ['Crema'] } }),
    );
    expect(rows.filter((r) => r.kind !== 'number').map((r) => [r.kind, r.field, r.currentText, r.previousText, r.flag])).toEqual([
      ['text', 'estate › titolo', 'E-state 2025', 'E-state 2025', 'anno-vecchio'],
      ['text', 'unipop › anno_accademico', '2024/25', '2024/25', 'anno-vecchio'],
      ['list', 'turismo_sociale › organizzatori', 'Crema, Lodi', 'Crema', undefined],
    ]);
  });

  it('without last year, lists the figures with nothing to compare', () => {
    const rows = compareYears(y({ soci: { per_ambito: { Cremasco: 3 } } }), undefined);
    expect(rows).toEqual([{ section: 'soci', field: 'soci › per_ambito › Cremasco', kind: 'number', current: 3, previous: undefined, change: undefined, flag: undefined, at: undefined }]);
  });
});

describe('yearsNamed and namesPreviousYear: which year a text is about', () => {
  it.each([
    ["E-state insieme all'Auser 2025", [2025]],
    ['2024/25', [2025]],
    ['anno accademico 2024/2025', [2025]],
    ['2020-2025', [2025]],
    ['2026-05-16', [2026]],
    ['dal 2019 al 2023', [2023, 2019]],
    ['Trasporto sociale e diritto alla cura', []],
    ['3503 soci', []],
  ] as const)('%s -> %j', (text, years) => {
    expect(yearsNamed(text)).toEqual(years);
  });

  it('a text is stale when the latest year it names is the year before', () => {
    expect(namesPreviousYear("E-state insieme all'Auser 2025", 2026)).toBe(true);
    expect(namesPreviousYear('2024/25', 2026)).toBe(true);
    expect(namesPreviousYear('2024/25', 2025)).toBe(false);
    expect(namesPreviousYear('Progetto 2025-2026', 2026)).toBe(false);
    expect(namesPreviousYear('Nel 2023 era cominciato', 2026)).toBe(false);
    expect(namesPreviousYear('Nessun anno', 2026)).toBe(false);
  });
});

describe('vanished: what last year had and this year lacks', () => {
  it('names each thing at the highest level it is missing from: a figure, a text, a section, a list item, names of a list', () => {
    const before = {
      mobilita_sociale: { interventi: 10, accessi_ospedali_pubblici: 5, ospedali_pubblici_nomi: 'ASST' },
      unipop: { corsi_per_comune: { Lodi: 2, Crema: 3 } },
      officine_aiuto: [
        { nome: 'A', volontari: 1, ausili: 4 },
        { nome: 'B', volontari: 2 },
      ],
      turismo_sociale: { organizzatori: ['Crema', 'Lodi', 'Pavia'] },
      estate: { titolo: 'E', iscritti: 3 },
      soci: { per_ambito: { Nord: 1, Sud: 2 }, totale_stampato: 3 },
      note: { soci: 'una nota' },
    };
    const now = {
      mobilita_sociale: { interventi: 11 },
      unipop: { corsi_per_comune: { Crema: 3 } },
      officine_aiuto: [{ nome: 'A', volontari: 1 }],
      turismo_sociale: { organizzatori: ['Lodi'] },
      soci: { per_ambito: { Nord: 1 } },
    };
    // Sud has ended: its figure is not expected; printed totals and notes are not figures of the year.
    const found = vanished(now, before, (_p, key) => key !== 'Sud');
    expect(found.map((v) => [v.field, v.was])).toEqual([
      ['mobilita_sociale › accessi_ospedali_pubblici', { kind: 'number', value: 5 }],
      ['mobilita_sociale › ospedali_pubblici_nomi', { kind: 'text', value: 'ASST' }],
      ['unipop › corsi_per_comune › Lodi', { kind: 'number', value: 2 }],
      ['officine_aiuto › A › ausili', { kind: 'number', value: 4 }],
      ['officine_aiuto › B', { kind: 'item', name: 'B', figures: 1 }],
      ['turismo_sociale › organizzatori', { kind: 'names', names: ['Crema', 'Pavia'] }],
      ['estate', { kind: 'group', figures: 1, section: true }],
    ]);
  });

  it('finds nothing when this year has everything last year had, reordered or with more', () => {
    expect(vanished({ a: { x: 1, y: 2 }, l: [{ nome: 'B' }, { nome: 'A' }] }, { a: { y: 2 }, l: [{ nome: 'A' }, { nome: 'B' }] })).toEqual([]);
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
    const r = await build(config, inMemory(config));
    return r.pages!['revisione.html'] as string;
  }

  it('names each figure in plain Italian, the flagged ones first, with every other warning', async () => {
    const html = await pageFor({ '2025.yaml': (t) => t.replace('Cremasco: 3503', 'Cremasco: 35030') });
    expect(html).toMatch(/^<!doctype html>\n<html lang="it">/);
    expect(html).toContain('<title>Revisione dei dati 2025 — Auser Cremona</title>');
    // The same count new-year gives: 82 figures.
    // (the real data's 20 warnings; the slip also breaks the printed members' total and growth: two more.)
    expect(html).toContain('82 dati; <strong>1 variazione da controllare</strong>; 22 altri avvisi.');
    const flagged = html.slice(html.indexOf('id="da-controllare"'), html.indexOf('id="tutti-i-dati"'));
    // A flag is said in words (not only by colour), with where the figure is.
    expect(flagged).toContain('<tr class="flag">\n<th scope="row">Soci tesserati per ambito › Cremasco</th>\n<td class="n">35.030</td>\n<td class="n">3.458</td>\n<td class="n">+31.572</td>');
    expect(flagged).toContain('Una cifra in più?');
    // Rows and tables are named in words, not by the YAML's keys.
    const rowNames = [...html.matchAll(/<th scope="row">([^<]*)<\/th>/g)].map((m) => m[1]);
    // One row per figure (82), per text and per list, and the flagged one again at the top.
    expect(rowNames.length).toBe(83 + [...html.matchAll(/<td class="t">/g)].length / 2);
    expect(rowNames).toContain('Titolo dell&#x27;assemblea, in copertina');
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

describe("next year's file read against this year's (check on a copy of the real data, 2025 -> 2026)", () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  /** check of 2026, a file made from the real 2025 by `make` (given the 2025 text). */
  async function check2026(make: (text2025: string) => string) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'assemblea-next-'));
    dirs.push(dir);
    const data = await dataCopy(path.join(dir, 'data'));
    const { readFile, writeFile } = await import('node:fs/promises');
    await writeFile(path.join(data, '2026.yaml'), make(await readFile(path.join(data, '2025.yaml'), 'utf8')));
    const { check } = await import('../src/check.js');
    return check({ dataDir: data, cwd: dir, year: 2026 });
  }
  const codes = (ds: readonly Diagnostic[], ...wanted: string[]) => ds.filter((d) => wanted.includes(d.code));

  it('a year written with care gets no warning about last year', async () => {
    const r = await check2026((t) => nextYearText(t, 2025));
    expect(codes(r.diagnostics, 'dato-scomparso', 'copia-anno-precedente', 'data-anno-precedente', 'data-assemblea-insolita', 'testo-anno-precedente')).toEqual([]);
  });

  it("names each figure deleted from the new year, at the key it would go under, with last year's value", async () => {
    const deleted = (t: string) =>
      nextYearText(t, 2025)
        .replace(/^ {2}accessi_ospedali_pubblici: \d+\n/m, '')
        .replace(/^ {2}persone_disabili: \d+\n/m, '')
        .replace(/^ {4}ausili: 237\n/m, '')
        .replace(/^ {4}Bonemerse: 2\n/m, '');
    const r = await check2026(deleted);
    const gone = codes(r.diagnostics, 'dato-scomparso');
    expect(gone.map((d) => [d.field, d.message.match(/\(([\d.]+)\)/)?.[1]])).toEqual([
      ['mobilita_sociale › accessi_ospedali_pubblici', '10.573'],
      ['mobilita_sociale › persone_disabili', '13.116'],
      ["officine_aiuto › Officina dell'aiuto Rivolta d'Adda › ausili", '230'],
      ['unipop › corsi_per_comune › Bonemerse', '2'],
    ]);
    const text = (await import('node:fs')).readFileSync(path.join(dirs.at(-1)!, 'data', '2026.yaml'), 'utf8').split('\n');
    const lineOf = (d: (typeof gone)[number]) => text[d.at!.line - 1];
    expect(lineOf(gone[0])).toBe('mobilita_sociale:');
    expect(lineOf(gone[2])).toMatch(/^ {2}- nome: Officina dell'aiuto Rivolta d'Adda$/);
    expect(lineOf(gone[3])).toBe('  corsi_per_comune:');
    expect(gone[0].message).toBe("Nel 2025 c'era il dato «mobilita_sociale › accessi_ospedali_pubblici» (10.573), nel 2026 manca: quello che lo mostra nella presentazione non compare più.");
    expect(gone[0].hint).toBe(
      "Se il dato c'è, aggiungi sotto «mobilita_sociale» la riga \"accessi_ospedali_pubblici: ...\" con il numero del 2026; se quest'anno non c'è davvero, ignora questo avviso.",
    );
    // More warnings than the careful year, never fewer (the bug was a year with figures deleted giving fewer):
    // the four figures gone, less the two slides that wait for a breakdown of the hospital figure (not asked
    // for once the figure itself is gone; the hospitals are now part of the mobility slide, which shows
    // what is there).
    const careful = await check2026((t) => nextYearText(t, 2025));
    expect(r.diagnostics.length).toBe(careful.diagnostics.length + 4 - 2);
  });

  it('a list item and names gone from a list are named too', async () => {
    const r = await check2026((t) =>
      nextYearText(t, 2025)
        .replace(/^ {8}- Crema\n/m, '')
        .replace(/^ {2}- nome: Officina dell'aiuto Crema\n(?: {4}\S.*\n)+/m, ''),
    );
    expect(codes(r.diagnostics, 'dato-scomparso').map((d) => [d.field, d.message])).toEqual([
      ['convenzioni › per_ambito › Cremasco › comuni', "Nel 2025 l'elenco «convenzioni › per_ambito › Cremasco › comuni» aveva anche «Crema»; nel 2026 non c'è più."],
      ["officine_aiuto › Officina dell'aiuto Crema", "Nel 2025 l'elenco «officine_aiuto» aveva anche «Officina dell'aiuto Crema» (3 dati), nel 2026 non c'è più."],
    ]);
  });

  it('a copy of last year is named as a copy, with its date and the texts that still name last year', async () => {
    const r = await check2026((t) => t.replace(/^anno: 2025$/m, 'anno: 2026'));
    const [copy] = codes(r.diagnostics, 'copia-anno-precedente');
    expect(copy.message).toBe('Il file del 2026 sembra una copia di quello del 2025: 82 dati su 82 sono uguali a quelli del 2025, in tutte le sezioni.');
    expect(located(copy).at).toMatch(/2026\.yaml:6:7$/);
    expect(codes(r.diagnostics, 'data-anno-precedente').map((d) => d.message)).toEqual([
      "La data dell'assemblea (16 maggio 2026) è la stessa del file del 2025: forse è rimasta quella dell'anno scorso.",
    ]);
    expect(codes(r.diagnostics, 'testo-anno-precedente').map((d) => d.field)).toEqual(['unipop › anno_accademico', 'estate › titolo']);
  });

  it('a file nearly all copied (a few figures changed) is still a copy, naming the sections left as they were', async () => {
    const r = await check2026((t) =>
      t
        .replace(/^anno: 2025$/m, 'anno: 2026')
        .replace('Cremasco: 3503', 'Cremasco: 3600')
        .replace('totale: 1217', 'totale: 1300')
        .replace('data: 2026-05-16', 'data: 2027-05-15'),
    );
    const [copy] = codes(r.diagnostics, 'copia-anno-precedente');
    expect(copy.message).toMatch(
      /^Il file del 2026 sembra una copia di quello del 2025: 80 dati su 82 sono uguali a quelli del 2025 \(sono tutte uguali le sezioni «rete», «convenzioni», «ore_volontariato», /,
    );
    expect(copy.message).not.toContain('«soci»');
    expect(codes(r.diagnostics, 'data-anno-precedente', 'data-assemblea-insolita')).toEqual([]);
  });

  it('an assembly date that is not in the year after the data is said', async () => {
    const r = await check2026((t) => nextYearText(t, 2025).replace('data: 2027-05-16', 'data: 2026-11-20'));
    expect(codes(r.diagnostics, 'data-assemblea-insolita').map((d) => d.message)).toEqual(["La data dell'assemblea è 20 novembre 2026, ma i dati del 2026 si presentano di solito nel 2027."]);
  });

  it('the review page shows the missing figures, the texts and the date among the rows to check', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'assemblea-next-page-'));
    dirs.push(dir);
    const data = await dataCopy(path.join(dir, 'data'), {});
    const { readFile, writeFile } = await import('node:fs/promises');
    await writeFile(path.join(data, '2026.yaml'), (await readFile(path.join(data, '2025.yaml'), 'utf8')).replace(/^anno: 2025$/m, 'anno: 2026').replace(/^ {2}accessi_ospedali_pubblici: \d+\n/m, ''));
    const config = configFrom(['build', '--only', 'html', '--data', data, '--year', '2026'], {}, dir, false) as Config;
    const html = (await build(config, inMemory(config))).pages!['revisione.html'] as string;
    const flagged = html.slice(html.indexOf('id="da-controllare"'), html.indexOf('id="tutti-i-dati"'));
    expect(flagged).not.toContain('Nessuna variazione sospetta');
    expect(flagged).toMatch(/<th scope="row">[^<]*accessi[^<]*<\/th>\n<td class="n">manca<\/td>\n<td class="n">10\.573<\/td>/i);
    expect(flagged).toContain('Manca nel 2026');
    expect(flagged).toContain('<td class="t">2024/25</td>\n<td class="t">2024/25</td>');
    expect(flagged).toContain('Parla del 2025?');
    expect(flagged).toContain('Data da controllare');
  });
});
