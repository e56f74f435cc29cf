/** templates/deck/{frame.css,runtime.js} inlined into a six-slide fixture -> its behaviour in headless
 * Chromium from a file:// URL: keys, hash, scaling, overview, help, presenter window, print, no JS. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/browser.js';
import { fixtureDir, type Opened, openPage, ROOT } from '../support.js';

// The code inside page.evaluate runs in the browser; the project compiles without the DOM library.
declare const document: any;
declare const location: any;
declare const history: any;
declare const performance: any;
declare const getComputedStyle: any;

const IDS = ['titolo', 'rete', 'soci-storico', 'volontari', 'servizi', 'chiusura'];

let browser: Browser;
let dir: string;
let url: string;
const opened: Page[] = [];

beforeAll(async () => {
  // The fixture carries markers where the build inlines the two files; fill them with the real ones.
  const read = (file: string) => readFileSync(file, 'utf8');
  const html = read(path.join(fixtureDir('deck-runtime'), 'deck.html'))
    .replace('/* FRAME_CSS */', () => read(path.join(ROOT, 'templates/deck/frame.css')))
    .replace('/* RUNTIME_JS */', () => read(path.join(ROOT, 'templates/deck/runtime.js')));
  dir = mkdtempSync(path.join(os.tmpdir(), 'deck-runtime-'));
  writeFileSync(path.join(dir, 'deck.html'), html);
  url = pathToFileURL(path.join(dir, 'deck.html')).href;
  browser = await launchBrowser();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((p) => p.close().catch(() => {})));
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(hash = '', viewport = { width: 1280, height: 720 }, motion: 'reduce' | 'no-preference' = 'reduce'): Promise<Opened> {
  const o = await openPage(browser, url + hash, viewport, motion);
  opened.push(o.page);
  return o;
}

const current = (page: Page) => page.evaluate(() => document.querySelector('.deck > .slide.is-current')?.id);

async function press(page: Page, key: Parameters<Page['keyboard']['press']>[0], shift = false) {
  if (shift) await page.keyboard.down('Shift');
  await page.keyboard.press(key);
  if (shift) await page.keyboard.up('Shift');
}

async function waitForSlide(page: Page, id: string) {
  await page.waitForFunction((want: string) => document.querySelector('.deck > .slide.is-current')?.id === want, { timeout: 5000 }, id);
}

/** The visible box of each slide (after transforms), with what hides it. */
function boxes(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.deck > .slide')].map((s: any) => {
      const r = s.getBoundingClientRect();
      const cs = getComputedStyle(s);
      return {
        id: s.id as string,
        left: r.left as number,
        top: r.top as number,
        width: r.width as number,
        height: r.height as number,
        shown: cs.display !== 'none' && cs.visibility === 'visible' && cs.opacity !== '0',
        ariaHidden: s.getAttribute('aria-hidden') as string | null,
        inert: s.hasAttribute('inert') as boolean,
      };
    }),
  );
}

describe('deck runtime', () => {
  it('makes no network request, and reports no script error', async () => {
    const { page, requests, errors } = await open('#rete');
    for (const key of ['ArrowRight', 'o', 'Escape', '?', 'Escape', 'End'] as const) await press(page, key);
    expect(requests).toEqual([`${url}#rete`]); // the document itself, and nothing else
    expect(await page.evaluate(() => performance.getEntriesByType('resource').length)).toBe(0);
    expect(errors).toEqual([]);
  });

  it('moves with arrows, Space, PageUp/PageDown, Home/End and a number then Enter', async () => {
    const { page } = await open();
    expect(await current(page)).toBe('titolo');
    const steps: [Parameters<typeof press>[1], boolean, string][] = [
      ['ArrowRight', false, 'rete'],
      ['Space', false, 'soci-storico'],
      ['Space', true, 'rete'],
      ['PageDown', false, 'soci-storico'],
      ['PageUp', false, 'rete'],
      ['ArrowLeft', false, 'titolo'],
      ['ArrowLeft', false, 'titolo'], // stays on the first
      ['End', false, 'chiusura'],
      ['ArrowRight', false, 'chiusura'], // and on the last
      ['Home', false, 'titolo'],
    ];
    for (const [key, shift, want] of steps) {
      await press(page, key, shift);
      expect(await current(page), `${shift ? 'Shift+' : ''}${key}`).toBe(want);
    }
    await press(page, '4');
    expect(await page.$eval('.deck-counter-text', (e: any) => e.textContent)).toBe('Vai a 4…');
    await press(page, 'Enter');
    expect(await current(page)).toBe('volontari');
    await press(page, '9');
    await press(page, '9');
    await press(page, 'Enter');
    expect(await current(page)).toBe('chiusura'); // past the end: the last slide
    await press(page, '2');
    await press(page, 'Escape');
    await press(page, 'Enter');
    expect(await current(page)).toBe('chiusura'); // Escape dropped the number
  });

  it('shows the counter and the progress, and hides every other slide from assistive tech', async () => {
    const { page } = await open('#volontari');
    expect(await page.$eval('.deck-counter-text', (e: any) => e.textContent)).toBe('4 / 6');
    expect(await page.$eval('.deck-counter', (e: any) => e.textContent)).toContain('4 di 6: Volontari 2025');
    expect(await page.$eval('.deck-progress-bar', (e: any) => e.style.width)).toMatch(/^66\.66/);
    for (const b of await boxes(page)) {
      const on = b.id === 'volontari';
      expect({ id: b.id, shown: b.shown, ariaHidden: b.ariaHidden, inert: b.inert }).toEqual({
        id: b.id,
        shown: on,
        ariaHidden: on ? null : 'true',
        inert: !on,
      });
    }
    // On screen it is not a second page number (each slide's footer has it): quiet on a change, shown while
    // a number is typed, then quiet again once the number is gone.
    const quiet = () => page.$eval('.deck-counter', (e: any) => e.classList.contains('is-quiet') && getComputedStyle(e).opacity === '0');
    await press(page, 'ArrowRight');
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.deck-counter')).opacity === '0');
    expect(await quiet()).toBe(true);
    await press(page, '3');
    expect(await page.$eval('.deck-counter', (e: any) => e.className)).not.toContain('is-quiet');
    await press(page, 'Escape');
    await press(page, 'ArrowLeft');
    expect(await page.$eval('.deck-counter', (e: any) => e.className)).toContain('is-quiet');
    const tree = JSON.stringify(await page.accessibility.snapshot());
    expect(tree).toContain('1.217');
    for (const other of ['Assemblea dei soci', 'Una grande rete diffusa', 'I servizi offerti']) expect(tree).not.toContain(other);
  });

  it('ignores the keys while a form field has the focus', async () => {
    const { page } = await open('#rete');
    await page.evaluate(() => {
      const input = document.createElement('input');
      document.body.appendChild(input);
      input.focus();
    });
    for (const key of ['ArrowRight', 'Space', 'End', 'o', '3', 'Enter'] as const) await press(page, key);
    expect(await current(page)).toBe('rete');
    expect(await page.$eval('html', (e: any) => e.className)).not.toContain('is-overview');
    expect(await page.$eval('input', (e: any) => e.value)).toBe(' o3');
  });

  it('keeps the slide in the URL hash: back and forward, a reload, a link', async () => {
    const { page } = await open();
    expect(await page.evaluate(() => location.hash)).toBe('#titolo');
    await press(page, 'ArrowRight');
    await press(page, 'ArrowRight');
    expect(await page.evaluate(() => location.hash)).toBe('#soci-storico');
    await page.evaluate(() => history.back());
    await waitForSlide(page, 'rete');
    expect(await page.evaluate(() => location.hash)).toBe('#rete');
    await page.evaluate(() => history.forward());
    await waitForSlide(page, 'soci-storico');
    await page.reload();
    expect(await current(page)).toBe('soci-storico');
    await page.goto(`${url}#servizi`);
    expect(await current(page)).toBe('servizi');
    await page.evaluate(() => (location.hash = '#4')); // a slide number works too
    await waitForSlide(page, 'volontari');
    await page.evaluate(() => (location.hash = '#deck')); // the skip link's target is not a slide
    await new Promise((r) => setTimeout(r, 100));
    expect(await current(page)).toBe('volontari');
  });

  it('starts on the first slide when the hash names no slide', async () => {
    const { page } = await open('#nessuna');
    expect(await current(page)).toBe('titolo');
  });

  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
    { width: 800, height: 800 },
    { width: 1000, height: 400 },
  ]) {
    it(`scales the 16:9 slide to fit ${viewport.width}x${viewport.height}, centred`, async () => {
      const { page } = await open('#soci-storico', viewport);
      const b = (await boxes(page)).find((x) => x.id === 'soci-storico')!;
      const { width: w, height: h } = viewport;
      expect(b.width / b.height).toBeCloseTo(16 / 9, 2);
      expect(b.left).toBeGreaterThanOrEqual(-0.5);
      expect(b.top).toBeGreaterThanOrEqual(-0.5);
      expect(b.left + b.width).toBeLessThanOrEqual(w + 0.5);
      expect(b.top + b.height).toBeLessThanOrEqual(h + 0.5);
      expect(Math.max(b.width / w, b.height / h)).toBeCloseTo(1, 2); // as large as fits
      expect(Math.abs(b.left - (w - b.left - b.width))).toBeLessThan(1);
      expect(Math.abs(b.top - (h - b.top - b.height))).toBeLessThan(1);
    });
  }

  it('refits when the window changes size', async () => {
    const { page } = await open('#rete');
    await page.setViewport({ width: 640, height: 360 });
    await page.waitForFunction(() => document.querySelector('.slide.is-current').getBoundingClientRect().width === 640);
  });

  it('goes forward on a click on the right third, back on the left third, and leaves links alone', async () => {
    const { page } = await open('#rete');
    await page.mouse.click(1200, 360);
    expect(await current(page)).toBe('soci-storico');
    await page.mouse.click(80, 360);
    expect(await current(page)).toBe('rete');
    await page.mouse.click(640, 600);
    expect(await current(page)).toBe('rete');
    await page.click('#rete a'); // "Vai ai servizi", on the left third
    await waitForSlide(page, 'servizi');
  });

  it('goes forward and back with a swipe', async () => {
    const { page } = await open('#rete');
    const swipe = (from: number, to: number) =>
      page.evaluate(
        (a: number, b: number) => {
          const deck = document.querySelector('.deck');
          const touch = (x: number) => new (globalThis as any).Touch({ identifier: 1, target: deck, clientX: x, clientY: 300 });
          deck.dispatchEvent(new (globalThis as any).TouchEvent('touchstart', { touches: [touch(a)], changedTouches: [touch(a)] }));
          deck.dispatchEvent(new (globalThis as any).TouchEvent('touchend', { touches: [], changedTouches: [touch(b)] }));
        },
        from,
        to,
      );
    await swipe(900, 300);
    expect(await current(page)).toBe('soci-storico');
    await swipe(300, 900);
    await swipe(300, 900);
    expect(await current(page)).toBe('titolo');
  });

  it('opens the overview with O: every slide as a thumbnail, arrows and Enter pick one, Escape closes', async () => {
    const { page } = await open('#rete');
    await press(page, 'o');
    expect(await page.$eval('html', (e: any) => e.classList.contains('is-overview'))).toBe(true);
    const thumbs = await boxes(page);
    for (const t of thumbs) {
      expect(t.shown, t.id).toBe(true);
      expect(t.ariaHidden).toBeNull();
      expect(t.width / t.height).toBeCloseTo(16 / 9, 2);
      expect(t.width).toBeLessThan(1280 / 2);
      expect(t.left).toBeGreaterThanOrEqual(0);
      expect(t.left + t.width).toBeLessThanOrEqual(1280);
    }
    const selected = () => page.evaluate(() => document.querySelector('.slide.is-selected')?.id);
    expect(await selected()).toBe('rete');
    await press(page, 'ArrowRight');
    await press(page, 'ArrowRight');
    expect(await selected()).toBe('volontari');
    expect(await page.evaluate(() => document.activeElement.id)).toBe('volontari');
    await press(page, 'Enter');
    expect(await page.$eval('html', (e: any) => e.classList.contains('is-overview'))).toBe(false);
    expect(await current(page)).toBe('volontari');
    expect((await boxes(page)).filter((b) => b.shown).map((b) => b.id)).toEqual(['volontari']);

    await press(page, 'o');
    await press(page, 'ArrowLeft');
    await press(page, 'Escape'); // closes without moving
    expect(await current(page)).toBe('volontari');

    await press(page, 'o');
    const target = (await boxes(page)).find((b) => b.id === 'servizi')!;
    await page.mouse.click(target.left + target.width / 2, target.top + target.height / 2);
    expect(await current(page)).toBe('servizi');
    expect(await page.$eval('html', (e: any) => e.classList.contains('is-overview'))).toBe(false);
  });

  it('shows the help in Italian on ? and H, and keeps the slide still while it is open', async () => {
    const { page } = await open('#rete');
    const isOpen = () => page.evaluate(() => !!document.querySelector('dialog.deck-help[open]'));
    await press(page, '?');
    expect(await isOpen()).toBe(true);
    const text = await page.$eval('.deck-help', (e: any) => e.textContent);
    for (const words of ['Comandi della presentazione', 'schermo intero', 'panoramica', 'vista relatore', 'Invio']) expect(text).toContain(words);
    // in the deck's own font, not the system's
    expect(await page.$eval('.deck-help', (e: any) => getComputedStyle(e).fontFamily)).toMatch(/^"?Titillium Web/);
    await press(page, 'ArrowRight');
    expect(await current(page)).toBe('rete');
    await press(page, 'Escape');
    expect(await isOpen()).toBe(false);
    await press(page, 'h');
    expect(await isOpen()).toBe(true);
    await press(page, 'h');
    expect(await isOpen()).toBe(false);
    await press(page, 'ArrowRight');
    expect(await current(page)).toBe('soci-storico');
  });

  it('opens the presenter view on P: current, next, notes and timer, in sync both ways', async () => {
    const { page } = await open('#rete');
    const created = browser.waitForTarget((t) => t.url().includes('?vista=relatore'), { timeout: 10_000 });
    await press(page, 'p');
    const presenter = (await (await created).page())!;
    opened.push(presenter);
    await presenter.setViewport({ width: 1280, height: 800 });
    await presenter.waitForSelector('.presenter-next > .slide');
    const view = () =>
      presenter.evaluate(() => ({
        current: document.querySelector('.deck > .slide.is-current')?.id,
        next: document.querySelector('.presenter-next > .slide')?.getAttribute('aria-label') ?? document.querySelector('.presenter-next')?.textContent,
        notes: document.querySelector('.presenter-notes')?.textContent,
        counter: document.querySelector('.presenter-counter')?.textContent,
        section: document.querySelector('.presenter-section')?.textContent,
        timer: document.querySelector('.presenter-timer')?.textContent,
      }));
    const v = await view();
    expect(v).toMatchObject({ current: 'rete', next: '3 di 6: Storico tesseramento', counter: '2 / 6', section: 'Rete' });
    expect(v.notes).toContain('Ricordare i tre ambiti');
    expect(v.timer).toMatch(/^\d\d:\d\d$/);
    expect(await presenter.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/^"?Titillium Web/);
    expect(await presenter.evaluate(() => performance.getEntriesByType('resource').length)).toBe(0);
    // the copy of the next slide draws its chart with its own clip path, not the hidden original's
    const clip = await presenter.evaluate(() => {
      const g = document.querySelector('.presenter-next [clip-path]');
      const id = /url\(#(.+)\)/.exec(g.getAttribute('clip-path'))?.[1];
      const ids = [...document.querySelectorAll('[id]')].map((e: any) => e.id);
      return { inside: !!document.querySelector('.presenter-next').querySelector(`[id="${id}"]`), duplicates: ids.length - new Set(ids).size };
    });
    expect(clip).toEqual({ inside: true, duplicates: 0 });

    // the current slide is drawn whole inside its pane, at 16:9, once the runtime has fitted it
    // to the new viewport (a ResizeObserver runs on the next frame, and a window behind
    // another draws no frame until it is brought to the front)
    await presenter.bringToFront();
    await presenter.waitForFunction(
      () => {
        const s = document.querySelector('.deck > .slide.is-current').getBoundingClientRect();
        const d = document.querySelector('.deck').getBoundingClientRect();
        return Math.abs(s.width - Math.min(d.width, (d.height * 16) / 9)) < 1;
      },
      { timeout: 5_000 },
    );
    const pane = await presenter.evaluate(() => {
      const s = document.querySelector('.deck > .slide.is-current').getBoundingClientRect();
      const d = document.querySelector('.deck').getBoundingClientRect();
      return { s: { w: s.width, h: s.height, l: s.left, t: s.top }, d: { w: d.width, h: d.height, l: d.left, t: d.top } };
    });
    expect(pane.s.w / pane.s.h).toBeCloseTo(16 / 9, 2);
    expect(pane.s.w).toBeLessThanOrEqual(pane.d.w + 0.5);
    expect(pane.s.w).toBeGreaterThan(500);

    await press(page, 'ArrowRight'); // the audience window leads
    await waitForSlide(presenter, 'soci-storico');
    expect((await view()).notes).toContain('Nessuna nota');

    await press(presenter, 'ArrowRight'); // the presenter leads
    await waitForSlide(page, 'volontari');
    await press(presenter, 'End');
    await waitForSlide(page, 'chiusura');
    expect((await view()).next).toBe('Fine della presentazione');
    await press(page, 'Home');
    await waitForSlide(presenter, 'titolo');

    await presenter.evaluate(() => {
      document.querySelector('.presenter-reset').click();
    });
    expect((await view()).timer).toBe('00:00');
  });

  it('prints every slide unscaled, one per page, without the frame around them', async () => {
    const { page } = await open('#soci-storico');
    await page.emulateMediaType('print');
    const all = await boxes(page);
    expect(all.map((b) => b.id)).toEqual(IDS);
    for (const b of all) expect({ id: b.id, shown: b.shown, width: b.width, height: b.height }).toEqual({ id: b.id, shown: true, width: 1280, height: 720 });
    for (let i = 1; i < all.length; i++) expect(all[i].top).toBeGreaterThanOrEqual(all[i - 1].top + 720);
    const hidden = await page.evaluate(() => ['.deck-progress', '.deck-counter', '.skip-link'].map((s) => getComputedStyle(document.querySelector(s)).display));
    expect(hidden).toEqual(['none', 'none', 'none']);

    const pdf = path.join(dir, 'deck.pdf');
    writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/^Pages:\s+6$/m);
    expect(info).toMatch(/^Page size:\s+960 x 540 pts/m); // 1280x720 CSS pixels
    const headings = ['Assemblea dei soci', 'Una grande rete diffusa', 'Storico tesseramento', 'Volontari 2025', 'I servizi offerti', 'Grazie'];
    for (const [i, heading] of headings.entries()) {
      const text = execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), pdf, '-'], { encoding: 'utf8' });
      expect(text, `page ${i + 1}`).toContain(heading);
    }
  });

  it('without JavaScript shows every slide, stacked and scaled to the window width', async () => {
    const page = await browser.newPage();
    opened.push(page);
    await page.setJavaScriptEnabled(false);
    await page.setViewport({ width: 900, height: 800 });
    await page.goto(url);
    expect(await page.$eval('html', (e: any) => e.className)).toBe('');
    const all = await boxes(page);
    expect(all.map((b) => b.id)).toEqual(IDS);
    for (const [i, b] of all.entries()) {
      expect(b.shown, b.id).toBe(true);
      expect(b.width).toBeLessThanOrEqual(900);
      expect(b.width).toBeGreaterThan(800);
      expect(b.width / b.height).toBeCloseTo(16 / 9, 2);
      if (i) expect(b.top).toBeGreaterThanOrEqual(all[i - 1].top + all[i - 1].height);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(900);
  });

  it('cross-fades slides, and does not when the user prefers reduced motion', async () => {
    const duration = async (p: Page) => {
      await p.waitForSelector('html.deck-ready');
      return p.$eval('.slide', (e: any) => getComputedStyle(e).transitionDuration);
    };
    expect(await duration((await open('', undefined, 'no-preference')).page)).not.toMatch(/^0s(, 0s)*$/);
    expect(await duration((await open('', undefined, 'reduce')).page)).toMatch(/^0s(, 0s)*$/);
  });
});
