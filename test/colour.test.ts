/** District colours: every grey-safe palette the hints propose stays apart in grey and reads with its
 * labels; labels on a colour and names on white always reach 4.5:1. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCENT, PART_TONES } from '../src/chart-shapes.js';
import { contrast, GREY_SAFE_PALETTE, greySafePalette, inkOn, lightness, lightnessGap, MIN_TEXT_CONTRAST, textShade } from '../src/colour.js';
import { ROOT } from './support.js';

describe.each([2, 3, 4, 5, 6, 7, 8])('the grey-safe palette for %i districts', (n) => {
  const palette = greySafePalette(n);

  it('has one colour per district, of distinct names, lighter one after the other by at least the gap the check asks', () => {
    expect(palette).toHaveLength(n);
    expect(new Set(palette.map((c) => c.name)).size).toBe(n);
    for (let i = 1; i < n; i++) expect(lightness(palette[i].hex) - lightness(palette[i - 1].hex), `${palette[i - 1].hex} -> ${palette[i].hex}`).toBeGreaterThanOrEqual(lightnessGap(n));
  });

  it('passes both contrast checks: its labels (white or dark) read on it, and its name reads on white, at 4.5:1', () => {
    for (const { hex } of palette) {
      expect(contrast(hex, inkOn(hex)), `labels on ${hex}`).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
      expect(contrast(textShade(hex), '#ffffff'), `${hex} as text on white`).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    }
  });
});

describe('a light district colour', () => {
  it('the 1,36:1 pale yellow of the old palette: its figures in dark ink, its name in a darker shade of its hue', () => {
    expect(contrast('#eade9e', '#ffffff')).toBeLessThan(1.4);
    expect(inkOn('#eade9e')).toBe('#1a1a1a');
    const shade = textShade('#eade9e');
    expect(contrast(shade, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    // The same hue: red stays above blue, as in the pale yellow.
    const [r, , b] = [1, 3, 5].map((i) => parseInt(shade.slice(i, i + 2), 16));
    expect(r).toBeGreaterThan(b);
  });

  it('a dark one keeps white figures and its own colour for its name', () => {
    expect(inkOn('#3d1c5c')).toBe('#ffffff');
    expect(textShade('#3d1c5c')).toBe('#3d1c5c');
  });

  it('the palettes are the ones the hints print (no count without one)', () => {
    expect(Object.keys(GREY_SAFE_PALETTE).map(Number)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });
});

describe("a whole's parts drawn in one bar (the split bar)", () => {
  // The stylesheets are plain CSS a network may replace, so they write the tones out: they must be the
  // ones the charts and deck.pptx draw (chart-shapes.ts PART_TONES), each part's figure in inkOn's ink.
  it.each(['templates/deck/slides.css', 'templates/report/report.css', 'templates/print/document.css'])("has the charts' tones and inks in %s", (file) => {
    const css = readFileSync(path.join(ROOT, file), 'utf8');
    for (const n of [0, 1]) {
      const rule = new RegExp(`\\.split-part-${n} \\{ background: (#[0-9a-f]{6}); color: (#[0-9a-f]{6}); \\}`).exec(css);
      expect(rule, `.split-part-${n} in ${file}`).not.toBeNull();
      expect(rule?.[1]).toBe(PART_TONES[n]);
      expect(rule?.[2]).toBe(inkOn(PART_TONES[n]));
      expect(contrast(PART_TONES[n], inkOn(PART_TONES[n]))).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    }
  });
});

describe('the neutral ink of totals and single series, in black and white', () => {
  const districts = [...readFileSync(path.join(ROOT, 'data', 'rete.yaml'), 'utf8').matchAll(/colore: "(#[0-9a-fA-F]{6})"/g)].map((m) => m[1]);

  it("prints as a grey of its own beside each district of the real network (a bar «Provinciali» beside the districts' bars)", () => {
    expect(districts.length).toBeGreaterThanOrEqual(2);
    for (const d of districts) expect(Math.abs(lightness(ACCENT) - lightness(d)), `${ACCENT} / ${d}`).toBeGreaterThanOrEqual(lightnessGap(districts.length));
  });

  it('and beside the grey-safe palettes for two and three districts, at 3:1 on white as a mark', () => {
    for (const n of [2, 3]) for (const c of greySafePalette(n)) expect(Math.abs(lightness(ACCENT) - c.lightness), `${n}: ${c.hex}`).toBeGreaterThanOrEqual(lightnessGap(n));
    expect(contrast(ACCENT, '#ffffff')).toBeGreaterThanOrEqual(3);
  });

  it("a whole's part tones print as greys apart from one another, each at 3:1 on white", () => {
    PART_TONES.forEach((a, i) => {
      expect(contrast(a, '#ffffff'), a).toBeGreaterThanOrEqual(3);
      for (const b of PART_TONES.slice(i + 1)) expect(Math.abs(lightness(a) - lightness(b)), `${a} / ${b}`).toBeGreaterThanOrEqual(12);
      // ...and from the other bars' ink: the whole's first part is not the same grey as the bars beside it.
      expect(Math.abs(lightness(a) - lightness(ACCENT)), `${a} / ${ACCENT}`).toBeGreaterThanOrEqual(12);
    });
  });
});
