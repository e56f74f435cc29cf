/** Text measured in the deck's font: the generated table agrees with the font files, and a name too
 * wide for its column wraps where the words allow, never inside one. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nameColumn } from '../src/chart-shapes.js';
import { FALLBACK_METRICS } from '../src/fallback-metrics.js';
import { FONT_METRICS } from '../src/font-metrics.js';
import { balancedLines, textWidth, wrapToWidth } from '../src/text-width.js';

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
