/** The real data (data/) -> deck.html, opened in Chromium at 1280x720: the measurable rules of a deck a
 * designer signs off (issue 21). Each chart's marks use most of its box; every mark (bar, column,
 * segment) reads at 3:1 against the white slide (by its colour or its outline); the year before's bars print
 * in a grey of their own in black and white; a figure is written once on a slide; every content slide
 * has a kicker of one or two words; the deck keeps to about 24-28 slides. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/browser.js';
import { build } from '../../src/build.js';
import { contrast, lightness, MIN_LIGHTNESS_GAP } from '../../src/colour.js';
import { configFrom } from '../../src/config.js';
import { DATA, openPage, ROOT, SEED_YEAR } from '../support.js';

declare const document: any;

let tmp: string;
let browser: Browser;
let deckUrl: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'deck-design-'));
  const config = configFrom(['build', '--year', String(SEED_YEAR), '--only', 'html', '--data', DATA, '--out', path.join(tmp, 'out'), '--quiet'], {}, ROOT, false);
  if (config === 'help') throw new Error('unexpected help');
  const result = await build(config);
  deckUrl = pathToFileURL(path.join(result.outputDir, 'deck.html')).href;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

interface SlideFacts {
  id: string;
  kind: string;
  kicker: string | null;
  divider: string | null;
  /** A divider's whole kicker: «Parte 2 · Aiuto alla persona». */
  part: string | null;
  brokenItems: string[];
  titleLines: string[];
  /** Where the title, a big number and a sentence under the chart (.slide-caption) start. */
  titleLeft: number;
  bigLeft: number | null;
  captionTop: number | null;
  text: string;
  charts: {
    id: string;
    box: { w: number; h: number };
    marks: { x: number; y: number; w: number; h: number };
    fills: string[];
    /** Each bar, column and segment: its fill, its outline (and the outline's width) and what it stands for (its aria-label). */
    rects: { fill: string; stroke: string; strokeWidth: number; label: string; x: number; y: number; w: number; h: number }[];
    /** Every text the chart writes (axis labels too), where it is. */
    texts: { text: string; x: number; y: number; w: number; h: number }[];
  }[];
}

/** Every slide as the room sees it: its kicker, its visible text (the hidden data tables left out) and,
 * for each chart, the box the slide gives it, the extent of what the chart draws (bars, texts, lines, but
 * not its invisible spacers) and the fills of its bars, columns and segments. */
async function slides(): Promise<SlideFacts[]> {
  const { page } = await openPage(browser, deckUrl);
  // As deck.pdf lays the slides out: all of them, one a page.
  await page.emulateMediaType('print');
  try {
    return await page.evaluate(() => {
      const visible = (el: any): string => {
        if (el.nodeType === 3) return el.textContent;
        if (el.nodeType !== 1) return '';
        const cls = el.getAttribute('class') ?? '';
        if (/visually-hidden/.test(cls) || el.tagName === 'svg' || el.tagName === 'TABLE' || el.tagName === 'ASIDE')
          return el.tagName === 'svg' ? ` ${[...el.querySelectorAll('text')].map((t: any) => t.textContent).join(' ')} ` : '';
        return [...el.childNodes].map(visible).join(' ');
      };
      return [...document.querySelectorAll('section.slide')].map((s: any) => {
        const charts = [...s.querySelectorAll('figure.chart')].map((f: any) => {
          const svg = f.querySelector('svg');
          const box = f.getBoundingClientRect();
          let x0 = Infinity,
            y0 = Infinity,
            x1 = -Infinity,
            y1 = -Infinity;
          const fills: string[] = [];
          const rects: { fill: string; stroke: string; strokeWidth: number; label: string; x: number; y: number; w: number; h: number }[] = [];
          const texts = [...svg.querySelectorAll('text')].map((t: any) => {
            const r = t.getBoundingClientRect();
            return { text: t.textContent, x: r.left, y: r.top, w: r.width, h: r.height };
          });
          for (const el of svg.querySelectorAll('path, text, line, rect')) {
            if (el.closest('[opacity="0"]') || el.getAttribute('opacity') === '0') continue;
            const cs = getComputedStyleOf(el);
            if (cs.opacity === '0' || cs.visibility === 'hidden') continue;
            const mark = el.closest('.mark-rect, .mark-text, .mark-rule, .mark-shape');
            if (!mark) continue;
            const r = el.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) continue;
            if (mark.classList.contains('mark-rect') && r.width > 0 && r.height > 0) {
              fills.push(el.getAttribute('fill') ?? '');
              rects.push({
                fill: el.getAttribute('fill') ?? '',
                stroke: el.getAttribute('stroke') ?? '',
                strokeWidth: Number(el.getAttribute('stroke-width') ?? 0),
                label: el.getAttribute('aria-label') ?? '',
                x: r.left,
                y: r.top,
                w: r.width,
                h: r.height,
              });
            }
            x0 = Math.min(x0, r.left);
            y0 = Math.min(y0, r.top);
            x1 = Math.max(x1, r.right);
            y1 = Math.max(y1, r.bottom);
          }
          return {
            id: [...f.classList].find((c: string) => c.startsWith('chart--'))?.slice(7) ?? '',
            box: { w: box.width, h: box.height },
            marks: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 },
            fills,
            rects,
            texts,
          };
        });
        const out = {
          id: s.id,
          kind: [...s.classList].find((c: string) => c.startsWith('slide--'))?.slice(7) ?? '',
          kicker: s.querySelector('.slide-section')?.textContent ?? null,
          // A divider's name: the part's name over its title, or its title when that is the name.
          divider: s.querySelector('.divider')?.getAttribute('data-part') ?? s.querySelector('.divider-title')?.textContent ?? null,
          part: s.querySelector('.divider-kicker')?.textContent ?? null,
          text: visible(s.querySelector('.slide-inner') ?? s),
          charts,
          titleLeft: s.querySelector('.slide-title')?.getBoundingClientRect().left ?? 0,
          bigLeft: s.querySelector('.big-value')?.getBoundingClientRect().left ?? null,
          captionTop: s.querySelector('.slide-caption')?.getBoundingClientRect().top ?? null,
          // The title's lines as printed: its words (between breakable spaces) grouped by the line they are on.
          titleLines: (() => {
            const h = s.querySelector('.slide-title, .divider-title');
            if (!h) return [];
            const lines: { top: number; words: string[] }[] = [];
            const walk = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
            for (let n = walk.nextNode(); n; n = walk.nextNode()) {
              const text = n.textContent ?? '';
              for (const m of text.matchAll(/[^ ]+/g)) {
                const range = document.createRange();
                range.setStart(n, m.index);
                range.setEnd(n, m.index + m[0].length);
                const top = Math.round(range.getClientRects()[0]?.top ?? 0);
                const line = lines.find((l) => Math.abs(l.top - top) < 4);
                if (line) line.words.push(m[0]);
                else lines.push({ top, words: [m[0]] });
              }
            }
            return lines.sort((a, b) => a.top - b.top).map((l) => l.words.join(' '));
          })(),
          // A group's items (the services' «musei e biblioteche») that the printed page breaks inside
          // though they would fit a line of their own.
          brokenItems: [...s.querySelectorAll('.item-list .sub')].flatMap((sub: any) => {
            // The line's text nodes end to end, then each item (between the «;») as a range of them.
            const nodes: { node: any; start: number }[] = [];
            let text = '';
            const walk = document.createTreeWalker(sub, NodeFilter.SHOW_TEXT);
            for (let n = walk.nextNode(); n; n = walk.nextNode()) {
              nodes.push({ node: n, start: text.length });
              text += n.textContent;
            }
            const at = (offset: number) => {
              const k = nodes.findLastIndex((x) => x.start <= offset);
              return [nodes[k].node, Math.min(offset - nodes[k].start, nodes[k].node.textContent.length)] as const;
            };
            const room = sub.getBoundingClientRect().width;
            const broken: string[] = [];
            let from = 0;
            for (const part of text.split(/[·;]/)) {
              const lead = part.length - part.trimStart().length;
              const item = part.trim();
              const range = document.createRange();
              range.setStart(...at(from + lead));
              range.setEnd(...at(from + lead + item.length));
              const rects = [...range.getClientRects()].filter((r) => r.width > 0);
              const tops = new Set(rects.map((r) => Math.round(r.top)));
              // On two lines, though its words end to end are narrower than the line.
              if (tops.size > 1 && rects.reduce((w, r) => w + r.width, 0) < room) broken.push(item);
              from += part.length + 1;
            }
            return broken;
          }),
        };
        return out;
      });
      function getComputedStyleOf(el: any) {
        return (globalThis as any).getComputedStyle(el);
      }
    });
  } finally {
    await page.close();
  }
}

let all: SlideFacts[];
const content = () => all.filter((s) => !['title', 'section', 'closing'].includes(s.kind));

describe('the deck a designer signs off (real data)', () => {
  beforeAll(async () => {
    all = await slides();
  });

  it('has about 24-28 slides, content and dividers', () => {
    expect(all.length).toBeGreaterThanOrEqual(24);
    expect(all.length).toBeLessThanOrEqual(28);
  });

  it('has a short kicker on every content slide: at most three words, at most 20 letters', () => {
    const wrong = content()
      .filter((s) => !s.kicker || s.kicker.trim().split(/\s+/).length > 3 || s.kicker.trim().length > 20)
      .map((s) => `${s.id}: ${s.kicker}`);
    expect(wrong).toEqual([]);
  });

  it('breaks each title where a designer would (as printed): no word alone on a line, no line ending on an article, a preposition or a conjunction', () => {
    const clinging = new Set([
      'a',
      'al',
      'alla',
      'con',
      'da',
      'dal',
      'dei',
      'del',
      'della',
      'di',
      'e',
      'in',
      'nel',
      'nella',
      'per',
      'su',
      'tra',
      'un',
      'una',
      'il',
      'la',
      'le',
      'lo',
      'i',
      'più',
      'ma',
      'o',
    ]);
    const last = (line: string) =>
      line
        .split(/[ \u00a0]/)
        .at(-1)!
        .toLowerCase();
    const wrong = all.flatMap((s) =>
      s.titleLines.length < 2
        ? []
        : [
            ...s.titleLines.filter((l) => !/[ \u00a0]/.test(l.trim())).map((l) => `${s.id}: «${l}» alone`),
            ...s.titleLines
              .slice(0, -1)
              .filter((l) => clinging.has(last(l)))
              .map((l) => `${s.id}: «${l}» ends on «${last(l)}»`),
          ],
    );
    expect(all.filter((s) => s.titleLines.length > 1).length).toBeGreaterThan(2);
    expect(wrong).toEqual([]);
  });

  it('draws a year-on-year comparison (members, km) across the body, as the histories beside it: not a fifth short of the right edge', () => {
    const body = 1280 - 2 * 64;
    const charts = all.flatMap((s) => s.charts).filter((c) => ['soci-ambiti', 'km-ambiti', 'soci-storico', 'ore-storico'].includes(c.id));
    expect(charts.map((c) => c.id).sort()).toEqual(['km-ambiti', 'ore-storico', 'soci-ambiti', 'soci-storico']);
    expect(charts.filter((c) => c.marks.w < 0.85 * body).map((c) => `${c.id}: ${Math.round(c.marks.w)} px of ${body}`)).toEqual([]);
  });

  it("writes a whole's parts («di cui ...») one under the other from its bar's start, not in a staircase after their segments", () => {
    const charts = all.flatMap((s) => s.charts).filter((c) => c.texts.some((t) => /^di cui/.test(t.text)));
    expect(charts.length).toBeGreaterThan(0);
    for (const c of charts) {
      const xs = c.texts.filter((t) => /^di cui/.test(t.text)).map((t) => t.x);
      expect(xs.length, c.id).toBeGreaterThanOrEqual(2);
      expect(Math.max(...xs) - Math.min(...xs), `${c.id}: ${xs}`).toBeLessThanOrEqual(1);
      // Past the swatch only: about where the bars start.
      const barsStart = Math.min(...c.rects.map((r) => r.x));
      expect(Math.min(...xs) - barsStart, c.id).toBeLessThan(48);
    }
  });

  it("breaks a group's line of items between items, never inside one that fits a line (as printed)", () => {
    expect(all.filter((s) => s.brokenItems.length).map((s) => `${s.id}: ${s.brokenItems.join(', ')}`)).toEqual([]);
    expect(all.some((s) => s.text.includes('biblioteche'))).toBe(true);
  });

  it('numbers every divider in order over its title, the same words on each: «Parte 1» to the last', () => {
    const dividers = all.filter((s) => s.kind === 'section');
    expect(dividers.length).toBeGreaterThanOrEqual(2);
    expect(dividers.map((d) => d.part)).toEqual(dividers.map((_, i) => `Parte ${i + 1}`));
  });

  it("makes one structure of kickers and dividers: a kicker names its slide's part, a divider opens the part with that name", () => {
    const name = (t: string | null) => (t ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
    const wrong: string[] = [];
    // Each part's slides in one run: a kicker that ended never comes back.
    const runs: string[] = [];
    for (const s of content()) if (runs.at(-1) !== name(s.kicker)) runs.push(name(s.kicker));
    for (const k of new Set(runs)) if (runs.filter((r) => r === k).length > 1) wrong.push(`«${k}» in two places`);
    const dividers = all.filter((s) => s.kind === 'section');
    expect(dividers.length).toBeGreaterThanOrEqual(2);
    const first = all.indexOf(dividers[0]);
    const lastPart = name(content().at(-1)!.kicker);
    all.forEach((s, i) => {
      // A divider's part: the content slides after it, up to the next divider, all carry its name.
      if (s.kind === 'section') {
        const next = all.slice(i + 1).find((x) => x.kind === 'section' || x.kind === 'closing');
        const part = all.slice(i + 1, next ? all.indexOf(next) : undefined).filter((x) => content().includes(x));
        const others = part.filter((x) => name(x.kicker) !== name(s.divider));
        // ...but the last part (the projects before the closing), which may open without a divider.
        const tail = others.length && others.every((x) => name(x.kicker) === lastPart) && others[0] === part[part.length - others.length];
        if (!part.length) wrong.push(`${s.id}: a divider with no slide after it`);
        else if (others.length && !tail) wrong.push(`${s.id} («${s.divider}»): ${others.map((x) => `${x.id} «${x.kicker}»`).join(', ')}`);
      } else if (content().includes(s) && i > first) {
        // After the first divider, a part opens with its divider (or is the last part).
        const before = all
          .slice(0, i)
          .reverse()
          .find((x) => x.kind === 'section' || content().includes(x))!;
        const opens = before.kind === 'section' ? name(before.divider) !== name(s.kicker) : name(before.kicker) !== name(s.kicker);
        if (opens && before.kind !== 'section' && name(s.kicker) !== lastPart) wrong.push(`${s.id}: «${s.kicker}» opens without a divider`);
      }
    });
    expect(wrong).toEqual([]);
  });

  it('writes a figure once on a slide (a count of three digits or more, a signed change)', () => {
    const repeats: string[] = [];
    for (const s of content()) {
      // 1.217, 40.725, +295, −11.532 (−17,9%), +32,0%: a year (2020-2039) on its own is a label, not a figure.
      const tokens = s.text.match(/[+\u2212]?\d{1,3}(?:\.\d{3})+|[+\u2212]\d+(?:,\d+)?%?|\b\d{3,}\b/g) ?? [];
      const seen = new Map<string, number>();
      for (const t of tokens) if (!/^20[2-3]\d$/.test(t)) seen.set(t, (seen.get(t) ?? 0) + 1);
      for (const [t, n] of seen) if (n > 1) repeats.push(`${s.id}: «${t}» ×${n}`);
    }
    expect(repeats).toEqual([]);
  });

  it("draws each chart's marks over most of its box: at least 75% of its width (the map: of its height)", () => {
    const thin: string[] = [];
    for (const s of all) {
      for (const c of s.charts) {
        if (!c.box.w || !Number.isFinite(c.marks.w)) continue;
        const used = c.id.includes('mappa') ? c.marks.h / c.box.h : c.marks.w / c.box.w;
        if (used < 0.75) thin.push(`${s.id} (${c.id}): ${Math.round(used * 100)}%`);
      }
    }
    expect(all.flatMap((s) => s.charts).length).toBeGreaterThan(10);
    expect(thin).toEqual([]);
  });

  it('gives every bar, column and segment an edge at 3:1 on the white slide: its colour, or an outline of 1.5 px or more (the map: each district)', () => {
    const faint: string[] = [];
    const hex = (c: string) => /^#[0-9a-f]{6}$/i.test(c);
    for (const s of all) {
      for (const c of s.charts) {
        for (const r of c.rects) {
          // The map's grey is the ground of the municipalities without a convention, not a mark.
          if (!hex(r.fill)) continue;
          const edge = Math.max(contrast(r.fill, '#ffffff'), hex(r.stroke) && r.strokeWidth >= 1.5 ? contrast(r.stroke, '#ffffff') : 0);
          if (edge < 3) faint.push(`${s.id} (${c.id}): ${r.fill}${r.stroke ? ` outlined ${r.stroke}` : ''} ${edge.toFixed(2)}:1`);
        }
      }
    }
    expect(all.flatMap((s) => s.charts.flatMap((c) => c.rects)).length).toBeGreaterThan(20);
    expect([...new Set(faint)]).toEqual([]);
  });

  it("prints the year before's bars in a grey no district's colour prints as (black and white: lightness apart), outlined", () => {
    const previous = String(SEED_YEAR - 1);
    const close: string[] = [];
    let compared = 0;
    for (const s of all) {
      for (const c of s.charts) {
        const before = c.rects.filter((r) => r.label.includes(`period: ${previous}`));
        const districts = new Set(c.rects.filter((r) => r.label.includes(`period: ${SEED_YEAR}`)).map((r) => r.fill));
        for (const r of before) {
          compared++;
          if (!(r.strokeWidth >= 1.5 && contrast(r.stroke, '#ffffff') >= 3)) close.push(`${s.id} (${c.id}): ${r.fill} without an outline`);
          for (const d of districts) if (Math.abs(lightness(r.fill) - lightness(d)) < MIN_LIGHTNESS_GAP) close.push(`${s.id} (${c.id}): ${r.fill} prints like ${d}`);
        }
      }
    }
    // The members' and the km's comparisons, three districts each.
    expect(compared).toBeGreaterThanOrEqual(6);
    expect([...new Set(close)]).toEqual([]);
  });

  it("draws a whole's parts («di cui ...») inside its bar, each named on a line with no bar of its own", () => {
    const chart = all.flatMap((s) => s.charts).find((c) => c.texts.some((t) => /^di cui /.test(t.text)))!;
    expect(chart, 'a chart with parts').toBeDefined();
    const rowOf = (t: { y: number; h: number }) => chart.rects.filter((r) => r.y < t.y + t.h / 2 && r.y + r.h > t.y + t.h / 2);
    const parts = chart.texts.filter((t) => /^di cui /.test(t.text));
    for (const p of parts) expect(rowOf(p), p.text).toEqual([]);
    // The whole: the bar on the row above its first part, made of one segment a part (tones of their own), end to end.
    const whole = chart.rects.filter((r) => r.y + r.h < parts[0].y).sort((a, b) => b.y - a.y || b.w - a.w)[0];
    const segments = rowOf({ y: whole.y, h: whole.h }).filter((r) => r !== whole && r.x >= whole.x - 2 && r.x + r.w <= whole.x + whole.w + 2);
    expect(segments.length).toBe(parts.length);
    expect(new Set(segments.map((r) => r.fill)).size).toBe(parts.length);
    expect(Math.abs(segments.reduce((a, r) => a + r.w, 0) - whole.w)).toBeLessThan(3 * parts.length);
    // Its parts' lines close under it, a line apart, not a row each as far as the next bar.
    const bottom = whole.y + whole.h;
    expect(parts[0].y - bottom, 'the first part under its bar').toBeLessThanOrEqual(16);
    for (const [a, b] of parts.slice(1).map((p, i) => [parts[i], p])) expect(b.y - (a.y + a.h), b.text).toBeLessThanOrEqual(16);
    const next = chart.rects.filter((r) => r.y > parts[parts.length - 1].y).sort((a, b) => a.y - b.y)[0];
    if (next) expect(next.y - (parts[parts.length - 1].y + parts[parts.length - 1].h), 'the next bar, after a gap').toBeGreaterThan(parts[0].y - bottom);
    // The first part's tone is not the ink of the bars beside it.
    const others = chart.rects.filter((r) => !segments.includes(r) && r !== whole).map((r) => r.fill);
    expect(others.length).toBeGreaterThan(0);
    for (const sgm of segments) expect(others, sgm.fill).not.toContain(sgm.fill);
  });

  it("sets every big number on the grid's left edge, where the title starts, whatever stands beside it", () => {
    const big = content().filter((s) => s.bigLeft !== null);
    expect(big.length).toBeGreaterThanOrEqual(2);
    for (const s of big) expect(Math.abs(s.bigLeft! - s.titleLeft), s.id).toBeLessThanOrEqual(8);
  });

  it("writes what the chart's last bar gathers («Altre controparti: ...») right under the chart, not above it", () => {
    const s = all.find((x) => x.id === 'convenzioni')!;
    expect(s.text).toContain('Altre controparti:');
    const marks = s.charts[0].marks;
    expect(s.captionTop, 'a caption').not.toBeNull();
    const gap = s.captionTop! - (marks.y + marks.h);
    expect(gap).toBeGreaterThanOrEqual(8);
    expect(gap).toBeLessThanOrEqual(48);
  });

  it('draws what the civic volunteering title claims: the hours a head, the same figure in the title and over its panel', () => {
    const civic = all.find((s) => s.id === 'volontariato-civico')!;
    const claim = /In\s+media\s+(\d+)\s+ore\s+a\s+testa/.exec(civic.text)?.[1];
    expect(claim).toBeDefined();
    expect(civic.text).toMatch(new RegExp(`Ore a testa\\s*${claim}\\s+in\\s+media`));
  });

  it('writes the shares of a whole on a chart so that they add up to 100%', () => {
    const sums = all
      .flatMap((s) => s.charts.map((c) => ({ id: `${s.id} (${c.id})`, shares: c.texts.flatMap((t) => [...(/\((\d+)%\)/.exec(t.text)?.slice(1) ?? [])]).map(Number) })))
      .filter((c) => c.shares.length > 1);
    // The network's districts, the conventions' counterparts, the journeys.
    expect(sums.length).toBeGreaterThanOrEqual(3);
    expect(sums.filter((c) => c.shares.reduce((a, b) => a + b, 0) !== 100).map((c) => `${c.id}: ${c.shares.join(' + ')}`)).toEqual([]);
  });

  it('writes Casalasco’s hours, a thin segment, on the hours slide: 4.778 in 2023 and 8.053 in 2025', () => {
    const hours = all.find((s) => s.id === 'ore-volontariato')!;
    expect(hours.text).toMatch(/\b4\.778\b/);
    expect(hours.text).toMatch(/\b8\.053\b/);
  });
});

describe('one type scale on every slide, measured on deck.html at 1920x1080 (DESIGN.md: big numbers 120-160 px, body 28 px on the 1280 canvas)', () => {
  /** Every big number (a figure shown on its own: a slide's, a fact's) and every body text (sentences,
   * leads, list items, a big number's label), each with its slide and its size as drawn, in px of the
   * 1920 px screen and of the 1280 px canvas the slide is designed on. */
  async function sizes(): Promise<{ kind: 'big' | 'body'; slide: string; text: string; px: number; canvas: number }[]> {
    const { page } = await openPage(browser, deckUrl, { width: 1920, height: 1080 });
    try {
      return await page.evaluate(() => {
        const out: { kind: 'big' | 'body'; slide: string; text: string; px: number; canvas: number }[] = [];
        const kinds = {
          big: '.big-value, .fact-value',
          body: '.slide-text, .slide-lead, .item-list > li, .project-sites > li, .project-aims > li, .project-subtitle, .fact-label, .big-label',
        } as const;
        for (const s of document.querySelectorAll('section.slide')) {
          const inner = s.querySelector('.slide-inner');
          const scale = inner.getBoundingClientRect().width / 1280;
          for (const [kind, selector] of Object.entries(kinds)) {
            for (const el of s.querySelectorAll(selector)) {
              if (!el.textContent.trim()) continue;
              const canvas = Number.parseFloat((globalThis as any).getComputedStyle(el).fontSize);
              out.push({ kind: kind as 'big' | 'body', slide: s.id, text: el.textContent.trim().slice(0, 30), px: canvas * scale, canvas });
            }
          }
        }
        return out;
      });
    } finally {
      await page.close();
    }
  }

  let measured: Awaited<ReturnType<typeof sizes>>;
  beforeAll(async () => {
    measured = await sizes();
  });

  it('draws the slides at 1920 px wide one and a half times the canvas', () => {
    expect(measured.length).toBeGreaterThan(30);
    for (const m of measured) expect(m.px / m.canvas).toBeCloseTo(1.5, 2);
  });

  it('sets every big number at one size, 120-160 px on the canvas (180-240 px at 1920 wide)', () => {
    const big = measured.filter((m) => m.kind === 'big');
    // The real deck's: the slides of the facts beside a chart and beside a list, and a big number's slide.
    expect(new Set(big.map((m) => m.slide)).size).toBeGreaterThanOrEqual(4);
    expect([...new Set(big.map((m) => m.canvas))]).toHaveLength(1);
    expect(big[0].canvas).toBeGreaterThanOrEqual(120);
    expect(big[0].canvas).toBeLessThanOrEqual(160);
  });

  it('sets every body text at 28 px on the canvas (42 px at 1920 wide)', () => {
    const body = measured.filter((m) => m.kind === 'body');
    expect(new Set(body.map((m) => m.slide)).size).toBeGreaterThanOrEqual(10);
    expect(body.filter((m) => Math.abs(m.canvas - 28) > 0.01).map((m) => `${m.slide}: «${m.text}» ${m.canvas}px`)).toEqual([]);
  });
});
