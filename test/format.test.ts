import { describe, expect, it } from 'vitest';
import { bindPhrases, formatDate, formatDecimal, formatNumber, formatPercent, formatSigned, formatSignedPercent, MINUS, plural, typeset, typesetHtml } from '../src/format.js';

describe('Italian formatting', () => {
  it('groups thousands with a dot, four-digit numbers too', () => {
    expect(formatNumber(1001148)).toBe('1.001.148');
    expect(formatNumber(3308)).toBe('3.308');
    expect(formatNumber(697)).toBe('697');
  });

  it('rounds a share to a whole percent', () => {
    expect(formatPercent(20907 / 40725)).toBe('51%');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercent(44 / 113, 1)).toBe('38,9%');
  });

  it('signs a difference, with a real minus sign (U+2212)', () => {
    expect(formatSigned(108)).toBe('+108');
    expect(formatSigned(-283)).toBe('\u2212283');
    expect(MINUS).toBe('\u2212');
    expect(formatSigned(6672)).toBe('+6.672');
    expect(formatNumber(-1234567)).toBe('\u22121.234.567');
  });

  it('shows zero without a sign, even when it comes from rounding or from −0', () => {
    expect(formatSigned(0)).toBe('0');
    expect(formatSigned(-0)).toBe('0');
    expect(formatNumber(-0.4)).toBe('0');
    expect(formatPercent(-0.001)).toBe('0%');
    expect(formatSignedPercent(-0.0001)).toBe('0,0%');
    expect(formatSignedPercent(0.00001)).toBe('0,0%');
  });

  it('signs a relative change with one decimal', () => {
    expect(formatSignedPercent(544 / 6934)).toBe('+7,8%');
    expect(formatSignedPercent(-283 / 79614)).toBe('\u22120,4%');
  });

  it('writes a ratio with a decimal comma', () => {
    expect(formatDecimal(79331 / 8754)).toBe('9,1');
    expect(formatDecimal(12.5)).toBe('12,5');
    expect(formatDecimal(9)).toBe('9');
  });

  it('picks the noun that agrees with a count: singular for 1 only', () => {
    expect(plural(1, 'comune', 'comuni')).toBe('comune');
    expect(plural(2, 'comune', 'comuni')).toBe('comuni');
    expect(plural(0, 'comune', 'comuni')).toBe('comuni');
  });

  it('writes dates in words', () => {
    expect(formatDate('2026-05-16')).toBe('16 maggio 2026');
    expect(formatDate('2026-01-01')).toBe('1 gennaio 2026');
    expect([formatDate('2026-05-16', 'day-month'), formatDate('2026-05-16', 'year')]).toEqual(['16 maggio', '2026']);
  });
});

describe('typeset: Italian typography for shown text, the data keeping plain typing', () => {
  it('turns straight apostrophes into ’, inside and after a word', () => {
    expect(typeset("Officina dell'aiuto")).toBe('Officina dell’aiuto');
    expect(typeset("Cingia de' Botti")).toBe('Cingia de’\u00a0Botti');
  });
  it('keeps the elided words of a place name on one line (a card title broke «Ca’ / d’Andrea»)', () => {
    expect(typeset("Officina dell'aiuto Ca' d'Andrea")).toBe('Officina dell’aiuto Ca’\u00a0d’Andrea');
    expect(typeset("Rivolta d'Adda e Crema")).toBe('Rivolta\u00a0d’Adda e Crema');
    // An elision inside a word, or before a small letter, leaves the spaces as they are.
    expect(typeset("l'anno dell'aiuto")).toBe('l’anno dell’aiuto');
  });
  it('turns straight double quotes into « »', () => {
    expect(typeset('Progetto "Strade condivise"')).toBe('Progetto «Strade condivise»');
  });
  it('puts an en dash in a range of years, never in a date', () => {
    expect(typeset('Soci 2020-2025')).toBe('Soci 2020–2025');
    expect(typeset('2024 - 2025')).toBe('2024–2025');
    expect(typeset('il 2026-05-16')).toBe('il 2026-05-16');
  });
  it('joins a number to the word after it with a non-breaking space', () => {
    expect(typeset('44 comuni su 113')).toBe('44\u00a0comuni su 113');
    expect(typeset('1.217 volontari')).toBe('1.217\u00a0volontari');
    // Not to an article, a preposition or a conjunction: «113 con» is no unit, and bound it ends a line on «con».
    expect(typeset('44 comuni su 113 con una convenzione')).toBe('44\u00a0comuni su 113 con una convenzione');
    expect(typeset('+32,0% in un anno, 7 e 8')).toBe('+32,0% in un anno, 7 e 8');
    // A short aside with a figure stays on one line; a long one, or one of words alone, may break.
    expect(typeset('assistito nel 2025 (9,5 nel 2024)')).toBe('assistito nel 2025 (9,5\u00a0nel\u00a02024)');
    expect(typeset('(Cremasco 18, Cremonese 12, Casalasco 2)')).toBe('(Cremasco 18, Cremonese 12, Casalasco 2)');
    expect(typeset('(vedi sotto)')).toBe('(vedi sotto)');
  });
  it('keeps a date on one line: no-break spaces between day, month and year', () => {
    expect(typeset(formatDate('2026-05-16'))).toBe('16\u00a0maggio\u00a02026');
    expect(typeset('presentati il 16 maggio 2026 all’Assemblea')).toBe('presentati il 16\u00a0maggio\u00a02026\u00a0all’Assemblea');
  });
  it('is idempotent', () => {
    const once = typeset(`"Auser" dell'anno 2020-2025: 12 corsi - tutti`);
    expect(typeset(once)).toBe(once);
  });
  it('in HTML changes text only, never attributes, styles or scripts, and reads the escaped quotes', () => {
    expect(typesetHtml(`<p title="a'b">Rivolta d&#x27;Adda &quot;x&quot;</p><style>a{content:"x'y"}</style>`)).toBe(`<p title="a'b">Rivolta\u00a0d’Adda «x»</p><style>a{content:"x'y"}</style>`);
  });
});

describe("bindPhrases: a slide's sentences keep their short phrases on one line", () => {
  const NB = '\u00a0';
  it('binds a short word that clings to the next (an article, a preposition, a conjunction): «e il / 3%» cannot happen', () => {
    expect(bindPhrases('circa il 23% dei servizi in provincia e il 3% fuori')).toBe(`circa il${NB}23% dei${NB}servizi in${NB}provincia e il${NB}3% fuori`);
    // Only the last of a run is bound, so a run of them is no unit too long to break.
    expect(bindPhrases('nei territori del Cremasco e del Cremonese')).toBe(`nei${NB}territori del${NB}Cremasco e del${NB}Cremonese`);
  });
  it('leaves a long pair free, which would leave a narrow column’s line half empty', () => {
    expect(bindPhrases('Avviare una sperimentazione')).toBe('Avviare una sperimentazione');
  });
  it('keeps a name of capitalised words whole, not a capital after a comma or a lower-case word', () => {
    expect(bindPhrases('Tribunale 1, ATS Val Padana 1')).toBe(`Tribunale 1, ATS${NB}Val${NB}Padana 1`);
    expect(bindPhrases('Casalasco, Cremonese')).toBe('Casalasco, Cremonese');
    expect(bindPhrases('Cremasco cresce')).toBe('Cremasco cresce');
  });
  it('keeps a figure with the aside after it («+10.813 (+12,2%)» never breaks before the bracket), through typeset', () => {
    expect(typeset('sul 2024 Cremasco +10.813 (+12,2%), Casalasco +193 (+2,5%).')).toContain(`+10.813${NB}(+12,2%), Casalasco +193${NB}(+2,5%)`);
  });
  it('is idempotent', () => {
    const t = 'Altre controparti: ASST di Cremona 1, ATS Val Padana 1, e il 3% fuori.';
    expect(bindPhrases(bindPhrases(t))).toBe(bindPhrases(t));
  });
});
