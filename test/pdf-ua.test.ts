/** src/pdf-ua.ts: the content-stream tokenizer, the artifacts it marks, and the structural PDF/UA check
 * (test/pdf-ua-check.ts) on a file that is not PDF/UA. The printed PDFs themselves are checked in
 * test/print.test.ts. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { markUntagged, operations, pdfUa } from '../src/pdf-ua.js';
import { pdfUaReport } from './pdf-ua-check.js';

const temps: string[] = [];
afterAll(async () => {
  for (const t of temps) await rm(t, { recursive: true, force: true });
});

describe('the content-stream tokenizer', () => {
  it('finds each operator, past strings with parentheses, escapes and operator names in them, hex strings, dictionaries and comments', () => {
    const s = '/P <</MCID 3 >>BDC\nBT (a \\) EMC (b) BDC) Tj <454D43> Tj [(x) -20 (EMC)] TJ ET % EMC here\nEMC';
    expect(operations(s).map((o) => o.op)).toEqual(['BDC', 'BT', 'Tj', 'Tj', 'TJ', 'ET', 'EMC']);
    expect(s.slice(operations(s)[0].start, operations(s)[0].end)).toBe('/P <</MCID 3 >>BDC');
  });

  it('takes an inline image as one operation, whatever bytes its data holds', () => {
    const s = 'q BI /W 2 /H 1 /BPC 8 /CS /G ID \x00EMC\xff EI Q';
    expect(operations(s).map((o) => o.op)).toEqual(['q', 'BI', 'Q']);
  });
});

describe('marking untagged content as artifacts', () => {
  it('wraps what is painted outside marked content, a whole path at a time, and leaves tagged content alone', () => {
    const s = '/P <</MCID 0 >>BDC\n0 0 10 10 re f\nEMC\n1 0 0 RG 0 0 m 10 10 l S\n/P <</MCID 1 >>BDC BT (t) Tj ET EMC';
    const { text } = markUntagged(s);
    expect(text).toBe('/P <</MCID 0 >>BDC\n0 0 10 10 re f\nEMC\n1 0 0 RG /Artifact BMC\n0 0 m 10 10 l S\nEMC\n/P <</MCID 1 >>BDC BT (t) Tj ET EMC');
  });

  it('keeps an artifact inside a text object when it starts there, and out of it when it starts outside', () => {
    expect(markUntagged('BT /P <</MCID 0 >>BDC (a) Tj EMC (b) Tj ET').text).toBe('BT /P <</MCID 0 >>BDC (a) Tj EMC /Artifact BMC\n(b) Tj EMC\nET');
    expect(markUntagged('0 0 1 1 re f BT /P <</MCID 0 >>BDC (a) Tj EMC ET').text).toBe('/Artifact BMC\n0 0 1 1 re f EMC\nBT /P <</MCID 0 >>BDC (a) Tj EMC ET');
  });

  it('leaves clipping paths alone, wraps an untagged image, and never wraps a form: its own content is marked', () => {
    expect(markUntagged('0 0 5 5 re W n').text).toBe('0 0 5 5 re W n');
    expect(markUntagged('/Im1 Do', () => 'image').text).toBe('/Artifact BMC\n/Im1 Do\nEMC\n');
    expect(markUntagged('0 0 1 1 re f /X1 Do', () => 'form')).toEqual({ text: '/Artifact BMC\n0 0 1 1 re f EMC\n/X1 Do', forms: ['X1'] });
    expect(markUntagged('/P <</MCID 0 >>BDC /X1 Do EMC', () => 'form').forms).toEqual([]);
  });
});

describe('the structural PDF/UA check', () => {
  it('fails a PDF that is not PDF/UA, and pdfUa does not make a PDF without tags pass', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'assemblea-pdfua-'));
    temps.push(dir);
    const doc = await PDFDocument.create();
    doc.setTitle('Prova');
    const page = doc.addPage([400, 300]);
    page.drawText('Pagina 1 di 1', { x: 20, y: 20, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
    const raw = path.join(dir, 'raw.pdf');
    await writeFile(raw, await doc.save());
    const before = await pdfUaReport(raw, [/^Pagina \d+ di \d+$/]);
    expect(before.problems).toEqual(
      expect.arrayContaining([
        'XMP: no pdfuaid:part 1',
        'no document language (/Lang)',
        'DisplayDocTitle is not true',
        'not marked as tagged (/MarkInfo /Marked)',
        'no tag tree (StructTreeRoot)',
        'page 1: 1 painting operations outside marked content (neither tagged nor artifact)',
        'page 1: furniture "Pagina 1 di 1" is not an artifact',
      ]),
    );
    // Identified, titled, its page number an artifact: but still no tags, and the check says so.
    const fixed = path.join(dir, 'fixed.pdf');
    await writeFile(fixed, await pdfUa(await doc.save(), { date: new Date('2026-05-16T00:00:00Z') }));
    const after = await pdfUaReport(fixed, [/^Pagina \d+ di \d+$/]);
    expect(after.problems).toContain('no tag tree (StructTreeRoot)');
    expect(after.problems).not.toContain('XMP: no pdfuaid:part 1');
    expect(after.problems.filter((p) => /artifact|outside marked/.test(p))).toEqual([]);
    expect(after.furniture).toEqual(['Pagina 1 di 1']);
  });
});
