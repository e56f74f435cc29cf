/** Text measured in the deck's font: the generated table agrees with the font files, and a name too
 * wide for its column wraps where the words allow, never inside one. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nameColumn } from '../src/chart-shapes.js';
import { FALLBACK_METRICS } from '../src/fallback-metrics.js';
import { FONT_METRICS } from '../src/font-metrics.js';
import { balancedLines, textWidth, titleLines, titleSize, wrapToWidth } from '../src/text-width.js';

const require = createRequire(import.meta.url);
// @ts-expect-error: a plain .mjs script, without types
const fallbackFiles = (await import('../scripts/font-metrics-of.mjs')).FALLBACK_FILES as { family: string; files: Record<string, string[]> };

describe('the widths of Titillium Web', () => {
  it('src/font-metrics.ts is what scripts/font-metrics.mjs reads from the installed font (regenerate after updating it)', async () => {
    // @ts-expect-error: a plain .mjs script, without types
    const { metricsOf } = (await import('../scripts/font-metrics-of.mjs')) as { metricsOf: (dir: string) => unknown };
    const dir = path.dirname(require.resolve('@fontsource/titillium-web/package.json'));
    expect({ fallback: FONT_METRICS.fallback, widths: FONT_METRICS.widths, lineHeight: FONT_METRICS.lineHeight }).toEqual(metricsOf(dir));
    expect(FONT_METRICS.version).toBe(require('@fontsource/titillium-web/package.json').version);
  });

  it.runIf(
    Object.values(fallbackFiles.files)
      .flat()
      .every((f) => existsSync(f)) || process.env.CI,
  )('src/fallback-metrics.ts is what the script reads from DejaVu Sans, the font deck.pptx is drawn in without Titillium Web', async () => {
    // @ts-expect-error: a plain .mjs script, without types
    const { metricsOfFiles } = (await import('../scripts/font-metrics-of.mjs')) as { metricsOfFiles: (files: Record<string, string[]>) => unknown };
    expect({ fallback: FALLBACK_METRICS.fallback, widths: FALLBACK_METRICS.widths, lineHeight: FALLBACK_METRICS.lineHeight }).toEqual(metricsOfFiles(fallbackFiles.files));
    expect(FALLBACK_METRICS.family).toBe(fallbackFiles.family);
  });

  it('the font standing in for Titillium Web is wider: a title that fits a line in the one takes more in the other', () => {
    const title = 'Prestazioni stabili (−0,4%) e più assistiti (+4,0%) in un anno';
    expect(textWidth(title, 44, 700)).toBeLessThan(1152);
    expect(textWidth(title, 44, 700, 'fallback')).toBeGreaterThan(1.25 * textWidth(title, 44, 700));
    expect(wrapToWidth(title, 1152, 44, 700, 'fallback')).toHaveLength(2);
  });

  it("measures a name as the font draws it, far narrower than vega's guess of 0.8 em a letter", () => {
    const w = textWidth('Valchiavenna', 24, 600);
    expect(w).toBeGreaterThan(120);
    expect(w).toBeLessThan(150);
    expect(w).toBeLessThan(0.8 * 12 * 24 * 0.7);
    expect(textWidth('Valchiavenna', 24, 700)).toBeGreaterThan(textWidth('Valchiavenna', 24, 400));
  });
});

describe('a column of names', () => {
  it('as wide as its widest name when that fits, no name wrapped', () => {
    const col = nameColumn(['Tiranese', 'Alta Valtellina'], 400);
    expect(col.lines.size).toBe(0);
    expect(col.width).toBe(Math.ceil(textWidth('Alta Valtellina', 24, 600)));
    expect(col.expr).toBe('datum.label');
  });

  it('a name wider than the column goes on lines split between words, all its letters kept', () => {
    const name = 'Media Valtellina e Valmalenco';
    const col = nameColumn([name, 'Tiranese'], 200);
    const lines = col.lines.get(name)!;
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(name);
    for (const l of lines) expect(textWidth(l, 24, 600)).toBeLessThanOrEqual(col.width + 0.5);
    expect(col.expr).toContain(JSON.stringify(lines));
    // A single word wider than the width keeps its own line, whole.
    expect(wrapToWidth('Castelnuovo Bocca', 10, 24)).toEqual(['Castelnuovo', 'Bocca']);
    expect(balancedLines('Lodi e Lodigiano Centrale', 2, 24, 700).lines).toHaveLength(2);
  });
});

describe("a title's lines in deck.pptx, the same in Titillium Web and in the wider font standing in for it", () => {
  const fits = (lines: string[], width: number, size: number) => lines.every((l) => textWidth(l, size, 700, 'fallback') <= width);

  it('a title that fits one line in the wider font stays whole', () => {
    expect(titleLines('I soci crescono: +1,5% in un anno', 1152, 44)).toEqual(['I soci crescono: +1,5% in un anno']);
  });

  it('two lines break after the colon where both halves fit', () => {
    expect(titleLines('Storico del tesseramento: +544 soci dal 2020 (+7,8%)', 1152, 44)).toEqual(['Storico del tesseramento:', '+544 soci dal 2020 (+7,8%)']);
    expect(titleLines('Turismo sociale: in media 42 partecipanti per iniziativa', 1152, 44)).toEqual(['Turismo sociale:', 'in media 42 partecipanti per iniziativa']);
  });

  it('otherwise after a comma or before a conjunction, never after an article or a preposition, no word alone', () => {
    const volunteered = titleLines('Ore di volontariato: +6,2% in un anno, ma Cremonese −615 (−0,9%)', 1152, 44);
    expect(volunteered).toEqual(['Ore di volontariato: +6,2% in un anno,', 'ma Cremonese −615 (−0,9%)']);
    const services = titleLines('Prestazioni stabili (−0,4%) e più assistiti (+4,0%) in un anno', 1152, 44);
    expect(services).toEqual(['Prestazioni stabili (−0,4%)', 'e più assistiti (+4,0%) in un anno']);
    for (const lines of [volunteered, services]) expect(fits(lines, 1152, 44)).toBe(true);
    // Greedy filling would leave «anno» or «più assistiti» hanging; every line here has words of its own.
    const long = titleLines('Una rete di cinquantadue associazioni con mille volontari in tre ambiti della provincia', 700, 44);
    expect(long.length).toBeGreaterThanOrEqual(2);
    expect(fits(long, 700, 44)).toBe(true);
    for (const l of long) expect(l.split(' ').length).toBeGreaterThan(1);
    for (const l of long.slice(0, -1)) expect(['di', 'con', 'in', 'della'].includes(l.split(' ').at(-1)!)).toBe(false);
  });

  it('the cover is set smaller, down to a floor, where that keeps the wider font on as many lines as the deck font', () => {
    const size = titleSize('Assemblea dei soci e dei delegati', 634, 72, 60);
    expect(size).toBeLessThan(72);
    expect(size).toBeGreaterThanOrEqual(60);
    expect(titleLines('Assemblea dei soci e dei delegati', 634, size)).toHaveLength(2);
    // A title the floor cannot save keeps its size (and takes more lines, balanced).
    expect(titleSize('Assemblea straordinarissima dei soci e dei delegati della rete', 634, 72, 60)).toBe(72);
    expect(titleSize('Assemblea', 634, 72, 60)).toBe(72);
  });
});
