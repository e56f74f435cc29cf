/** The report's CSV files (dati/*.csv) as an Italian spreadsheet reads them: semicolons, UTF-8 with a byte
 * order mark, numbers as plain numbers. Read back by a small reader here, and by LibreOffice Calc with the
 * Italian locale (a real client: Excel on an Italian Windows reads CSV the same way). */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charts, csvNumber } from '../src/charts.js';
import { derive } from '../src/derive.js';
import { reportFiles } from '../src/report.js';
import { loadChartTemplates } from '../src/templates.js';
import { checkRealData } from './support.js';

const run = promisify(execFile);

let files: Record<string, string> = {};
beforeAll(async () => {
  const checked = await checkRealData();
  const made = await charts(derive(checked.dataset!), await loadChartTemplates(), checked.dataset!.territory.topology);
  files = reportFiles(made.charts.values());
});

/** A CSV file as rows of cells (no quoted semicolons occur in these files). */
const rowsOf = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((l) => l.split(';'));

/** A cell as an Italian spreadsheet reads a number: digits, an optional minus, a decimal comma. */
const italianNumber = (cell: string): number | undefined => (/^-?\d+(,\d+)?$/.test(cell) ? Number(cell.replace(',', '.')) : undefined);

describe('csvNumber', () => {
  it('writes plain numbers: no thousands separator, a decimal comma, a plain minus', () => {
    expect([6672, -283, 1001248, 51.3, 0, 100].map(csvNumber)).toEqual(['6672', '-283', '1001248', '51,3', '0', '100']);
  });
});

describe('the CSV files of the real data', () => {
  it('start with a byte order mark and separate cells with semicolons, every row as wide as the head', () => {
    expect(Object.keys(files).length).toBeGreaterThan(10);
    for (const [name, text] of Object.entries(files)) {
      expect(text.startsWith('\uFEFF'), name).toBe(true);
      const rows = rowsOf(text);
      expect(rows[0].length, name).toBeGreaterThan(1);
      for (const r of rows) expect(r.length, `${name}: ${r.join(';')}`).toBe(rows[0].length);
    }
  });

  it('hold every figure as a plain number: no thousands dots, no "+", no "−", no "%"', () => {
    for (const [name, text] of Object.entries(files)) {
      if (name === 'dati/convenzioni-mappa.csv') continue; // municipalities and districts: text only
      for (const row of rowsOf(text).slice(1)) {
        for (const cell of row.slice(1)) {
          if (cell !== '') expect(italianNumber(cell), `${name}: «${cell}»`).not.toBeUndefined();
        }
      }
    }
  });

  it('give the differences and shares as numbers a spreadsheet can add up', () => {
    expect(rowsOf(files['dati/prestazioni-anni.csv'])).toEqual([
      ['Anno', 'Totale prestazioni', 'Differenza'],
      ['2023', '72942', ''],
      ['2024', '79614', '6672'],
      ['2025', '79331', '-283'],
    ]);
    expect(rowsOf(files['dati/km-ambiti.csv']).at(-1)).toEqual(['Totale', '872115', '1001248', '129133']);
    expect(rowsOf(files['dati/mobilita-ripartizione.csv'])).toEqual([
      ['Voce', 'Numero', 'Quota (%)'],
      ['Accessi a strutture ospedaliere', '20907', '51,3'],
      // The accesses' parts: counted inside their whole, not in the total, their share cell empty.
      ['di cui negli ospedali pubblici', '10573', ''],
      ['di cui in altre strutture', '10334', ''],
      ['Persone con disabilità', '13116', '32,2'],
      ['Altri servizi', '6702', '16,5'],
      ['Totale', '40725', '100'],
    ]);
  });
});

describe('LibreOffice Calc, with Italian settings, opens them as tables of numbers', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assemblea-csv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Each file, opened as a spreadsheet user would (CSV filter: separator ;, quote ", UTF-8, Italian locale),
   * saved as flat XML: each cell with its value type. */
  const sheets: Record<string, { type: string; value: string }[][]> = {};
  beforeAll(async () => {
    const names = Object.keys(files).map((f) => path.basename(f));
    for (const f of Object.keys(files)) writeFileSync(path.join(dir, path.basename(f)), files[f]);
    await run(
      'soffice',
      [
        `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
        '--headless',
        '--infilter=Text - txt - csv (StarCalc):59,34,76,1,,1040',
        '--convert-to',
        'fods',
        '--outdir',
        dir,
        ...names.map((n) => path.join(dir, n)),
      ],
      { timeout: 150_000 },
    );
    for (const n of names) {
      const xml = readFileSync(path.join(dir, n.replace(/\.csv$/, '.fods')), 'utf8');
      const rows = [...xml.matchAll(/<table:table-row[^>]*>([\s\S]*?)<\/table:table-row>/g)].map((m) =>
        [...m[1].matchAll(/<table:table-cell([^>]*?)(\/>|>[\s\S]*?<\/table:table-cell>)/g)].map((c) => ({
          type: /office:value-type="([^"]+)"/.exec(c[1])?.[1] ?? 'empty',
          value: /office:value="([^"]+)"/.exec(c[1])?.[1] ?? /<text:p>([^<]*)<\/text:p>/.exec(c[2])?.[1] ?? '',
        })),
      );
      sheets[n] = rows.filter((r) => r.some((c) => c.type !== 'empty'));
    }
  }, 180_000);

  it('the differences, shares and totals are numbers, with their sign', () => {
    const prestazioni = sheets['prestazioni-anni.csv'];
    expect(prestazioni[0].map((c) => c.value)).toEqual(['Anno', 'Totale prestazioni', 'Differenza']);
    expect(prestazioni.slice(2).map((r) => r.slice(1, 3))).toEqual([
      [
        { type: 'float', value: '79614' },
        { type: 'float', value: '6672' },
      ],
      [
        { type: 'float', value: '79331' },
        { type: 'float', value: '-283' },
      ],
    ]);
    expect(sheets['mobilita-ripartizione.csv'][1][2]).toEqual({ type: 'float', value: '51.3' });
    expect(sheets['km-ambiti.csv'][4].slice(1)).toEqual(['872115', '1001248', '129133'].map((value) => ({ type: 'float', value })));
  });

  it('in every file, every figure is a number, and accented names read right', () => {
    for (const [name, rows] of Object.entries(sheets)) {
      if (name === 'convenzioni-mappa.csv') continue;
      for (const r of rows.slice(1)) for (const c of r.slice(1)) if (c.type !== 'empty') expect(c.type, `${name}: ${c.value}`).toBe('float');
    }
    expect(sheets['automezzi.csv'][0].map((c) => c.value)).toContain('Di proprietà');
  });
});
