/** HTML pages -> deck.pdf, handout.pdf (PDF/UA-1, see pdf-ua.ts) and the sharing image, with one browser and parallel pages.
 * Offline: the pages are loaded from memory and every request for something outside them is blocked
 * and reported. The browser is closed on every path; a slide that spills out of its box is an error. */

import type { Browser, Page } from 'puppeteer';
import { CannotPrintError } from './browser.js';
import type { Code } from './codes.js';
import { type Diagnostic, DiagnosticsError, diagnostic } from './diagnostics.js';
import { msg, type Text } from './messages.js';
import { pdfUa } from './pdf-ua.js';
import type { Printer } from './printer.js';

export interface PrintInput {
  deckHtml: string;
  handoutHtml: string;
  /** Every date the PDFs carry is pinned to this, so the same data gives the same bytes. */
  date: Date;
  /** What to name when a slide overflows: the slide's id -> where its content comes from. */
  slideSources: Map<string, { title: string; number: number; field?: string; at?: Diagnostic['at'] }>;
  /** SVGs to render as PNG (deck.pptx's fallback for programs that do not read SVG), by id. */
  pictures?: { id: string; svg: string }[];
  /** The pages' @font-face rules: the pictures' text in the deck's font, not the system's. */
  fontFaces?: string;
  /** The embedded font the pages use (the network's, tema › carattere); Titillium Web when absent. */
  fontFamily?: string;
  /** Per page operation, when only the pages tell how long they may take (see PrintOptions). */
  timeoutMs?: number;
}

/** What to make: the two PDFs, the sharing image; fit: only check that no slide overflows and draw the
 * pictures (deck.pptx stops where deck.pdf would). */
export interface PrintWant {
  deck: boolean;
  handout: boolean;
  preview: boolean;
  fit?: boolean;
}

export interface PrintOptions {
  /** The browser to print with (already launching); printing closes it when done. */
  browser: Promise<Browser>;
  /** Per page operation; by default what the input says, else a minute. */
  timeoutMs?: number;
  want: PrintWant;
}

export interface Printed {
  files: Record<string, Uint8Array>;
  /** PNG renderings of the input's pictures, by id. */
  pictures: Map<string, Uint8Array>;
  diagnostics: Diagnostic[];
}

/** What deck.pptx needs, ready before the PDFs are: the overflow check and the pictures. */
export type Fitted = Pick<Printed, 'pictures' | 'diagnostics'>;

/** Printing went wrong in a way the user can act on. */
export class PrintError extends DiagnosticsError {
  constructor(code: Code, text: Text, options?: ErrorOptions) {
    super([diagnostic(code, text, undefined)]);
    this.name = 'PrintError';
    if (options?.cause) this.cause = options.cause;
  }
}

interface PageOptions {
  viewport?: { width: number; height: number; deviceScaleFactor?: number };
  script?: boolean;
}

/** A blank page with every outside request refused (and noted in `blocked`): opened while the build
 * still draws and renders, since a new page alone takes a quarter of a second or more. */
async function blankPage(browser: Browser, options: PageOptions = {}): Promise<{ page: Page; blocked: string[] }> {
  const page = await browser.newPage();
  if (options.viewport) await page.setViewport(options.viewport);
  // The PDFs are the static document: no runtime hiding slides from the printer's structure tree.
  if (options.script === false) await page.setJavaScriptEnabled(false);
  const blocked: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('data:') || url === 'about:blank') void req.continue();
    else {
      blocked.push(url);
      void req.abort('blockedbyclient');
    }
  });
  return { page, blocked };
}

/** Loads HTML into a blank page and waits until its fonts and images are ready to print. */
async function load(page: Page, html: string, timeoutMs: number, options: { font?: boolean; fontFamily?: string } = {}): Promise<void> {
  const family = options.fontFamily ?? 'Titillium Web';
  page.setDefaultTimeout(timeoutMs);
  await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
  // Fonts and images are inline; still wait until they are decoded, or the PDF may use a fallback.
  await page.evaluate(async () => {
    await document.fonts.ready;
    await Promise.all([...document.images].map((img) => (img.complete ? undefined : img.decode().catch(() => undefined))));
  });
  const missing = await page.evaluate((family: string) => {
    const broken = [...document.images].filter((img) => !img.complete || img.naturalWidth === 0).map((img) => img.alt || img.src.slice(0, 60));
    const fontMissing = ![...document.fonts].some((f) => f.family.replace(/["']/g, '') === family && f.status === 'loaded');
    return { broken, fontMissing };
  }, family);
  if (missing.broken.length) throw new PrintError('immagine-illeggibile', msg.imagesBroken(missing.broken));
  // A page without text of its own (a chart's picture) embeds no font.
  if (missing.fontMissing && options.font !== false) throw new PrintError('carattere-mancante', msg.fontMissing(family));
}

/** Slides whose content reaches outside the safe area (the slide's padding box: 64 px in from every
 * edge, where the footer sits below), with how far, measured in the layout deck.pdf prints.
 * The page is already in print media at the PDF's page size; one difference remains: Chromium prints a
 * column flexbox whose items overflow it from its start, whatever its justify-content says, where the
 * screen centres them (or pushes them to the end) and spills them both ways. A list that fit on screen
 * with 3 px to spare was printed 16 px lower, struck through by the footer rule (issue 21). Such boxes
 * get `safe` alignment first, the same where nothing overflows, and the printed one where something does;
 * the PDF is then printed from this same layout. */
async function overflowing(page: Page): Promise<{ id: string; px: number; what: string }[]> {
  return page.evaluate(() => {
    const aligned: [HTMLElement, string][] = [];
    for (const el of document.querySelectorAll<HTMLElement>('.slide-inner, .slide-inner *')) {
      const cs = getComputedStyle(el);
      if (!/flex$/.test(cs.display) || !cs.flexDirection.startsWith('column')) continue;
      const justify = cs.justifyContent.replace(/^unsafe\s+/, '');
      if (/^(center|end|flex-end)$/.test(justify)) aligned.push([el, `safe ${justify}`]);
    }
    for (const [el, justify] of aligned) el.style.justifyContent = justify;
    const out: { id: string; px: number; what: string }[] = [];
    for (const inner of document.querySelectorAll<HTMLElement>('.slide-inner')) {
      const slide = inner.closest('section');
      const box = inner.getBoundingClientRect();
      const cs = getComputedStyle(inner);
      const limit = {
        top: box.top + parseFloat(cs.paddingTop),
        right: box.right - parseFloat(cs.paddingRight),
        bottom: box.bottom - parseFloat(cs.paddingBottom),
        left: box.left + parseFloat(cs.paddingLeft),
      };
      let worst = 0;
      let what = '';
      for (const el of inner.querySelectorAll<HTMLElement>('*')) {
        // The footer sits in the bottom margin; the section's heading is a transparent 1 px mark for the PDF's bookmarks.
        if (el.closest('.slide-footer, .visually-hidden, .section-mark')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const over = Math.max(r.right - limit.right, r.bottom - limit.bottom, limit.left - r.left, limit.top - r.top);
        if (over > worst + 0.5) {
          worst = over;
          what = (el.textContent ?? '').trim().slice(0, 60) || el.tagName.toLowerCase();
        }
      }
      if (worst > 1) out.push({ id: slide?.id ?? '', px: Math.round(worst), what });
    }
    return out;
  });
}

/** The handout's slides are scaled down; text the scale would print under the page's floor
 * (body data-min-text-pt) is set just large enough to reach it, in HTML and in the charts' SVG alike.
 * So the handout stays readable whatever sizes the slides use; returns how many texts were raised. */
async function raiseSmallText(page: Page): Promise<number> {
  return page.evaluate(() => {
    const pt = Number(document.body.dataset.minTextPt);
    if (!pt) return 0;
    // A little headroom: the PDF rounds text sizes in its own way (SVG text lands up to 1% smaller).
    const minPx = ((pt * 96) / 72) * 1.02;
    // Every size is read first and every raise written after: a write between reads would make the
    // browser lay out the whole handout again for each read (quadratic in the slides, issue 14).
    const raises: [HTMLElement | SVGElement, string][] = [];
    for (const el of document.querySelectorAll<HTMLElement | SVGElement>('.thumb *')) {
      if (el.closest('.visually-hidden')) continue;
      if (![...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim())) continue;
      // How much the page shrinks this element: the screen matrix for SVG, the slide's box for HTML.
      let scale: number;
      if (el instanceof SVGGraphicsElement) {
        const m = el.getScreenCTM();
        if (!m) continue;
        scale = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
      } else {
        const inner = el.closest<HTMLElement>('.slide-inner');
        if (!inner?.offsetWidth) continue;
        scale = inner.getBoundingClientRect().width / inner.offsetWidth;
      }
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (scale > 0 && size * scale < minPx) raises.push([el, `${minPx / scale}px`]);
    }
    for (const [el, size] of raises) el.style.fontSize = size;
    return raises.length;
  });
}

/** The page the charts' pictures are drawn on: twice the slide's pixels, sharp on a projector. */
const PICTURE_PAGE: PageOptions = { script: false, viewport: { width: 800, height: 800, deviceScaleFactor: 2 } };

/** A page opened blank, with what it refused to load. */
type Opened = { page: Page; blocked: string[] };

/** The browser once it is up, and the pages opened on it for what is wanted (each may still fail). */
interface BlankPages {
  browser: Browser;
  deck?: Promise<Opened>;
  handout?: Promise<Opened>;
  picture?: Promise<Opened>;
}

function blankPages(browser: Browser, want: PrintWant): BlankPages {
  // A page that fails to open fails the job that awaits it.
  const settled = (p: Promise<Opened>) => (p.catch(() => undefined), p);
  return {
    browser,
    deck: want.deck || want.preview || want.fit ? settled(blankPage(browser, { script: false, viewport: { width: 1280, height: 720 } })) : undefined,
    handout: want.handout ? settled(blankPage(browser)) : undefined,
    picture: want.fit ? settled(blankPage(browser, PICTURE_PAGE)) : undefined,
  };
}

/** A printer on a browser that is starting (see printer.ts): its blank pages are opened as soon as it is up,
 * while the build still draws and renders, and `print` loads the pages into them. The browser is closed
 * once printing ends, on every path, or by `close` (a build that stopped before it had pages to print). */
export function openPrinter(options: PrintOptions): Printer {
  const opening = options.browser.then((browser) => blankPages(browser, options.want));
  opening.catch(() => undefined); // a browser that did not start: print() says so
  return {
    print(input) {
      let onFitted!: (f: Fitted) => void;
      let onFailed!: (e: unknown) => void;
      const fitted = new Promise<Fitted>((resolve, reject) => ((onFitted = resolve), (onFailed = reject)));
      const done = printAll(opening, input, options, onFitted);
      // Settles fitted when printing stops before the fit is known; nobody may be waiting for either.
      done.then((p) => onFitted(p), onFailed);
      fitted.catch(() => undefined);
      done.catch(() => undefined);
      return { fitted, done };
    },
    close: () => options.browser.then((b) => b.close()).catch(() => undefined),
  };
}

/** Prints `input` with a browser of its own (see openPrinter). */
export function print(input: PrintInput, options: PrintOptions): Promise<Printed> {
  return openPrinter(options).print(input).done;
}

async function printAll(opening: Promise<BlankPages>, input: PrintInput, options: PrintOptions, onFitted: (f: Fitted) => void): Promise<Printed> {
  const pages = await opening; // a browser that did not start rejects with its own CannotPrintError
  const timeoutMs = options.timeoutMs ?? input.timeoutMs ?? 60_000;
  const job: Job = { input, want: options.want, timeoutMs, shots: new Screenshots(timeoutMs), out: { files: {}, pictures: new Map(), diagnostics: [] }, blocked: [] };
  try {
    const deckChecked = checkDeck(job, pages.deck);
    const picturesTaken = takePictures(job, pages.picture ?? (input.pictures?.length ? blankPage(pages.browser, PICTURE_PAGE) : undefined));
    // Every screenshot is taken before any page prints. Page.captureScreenshot sent while another page
    // of the same browser is in Page.printToPDF waited for the print: 3.5 s instead of 0.07 s, in three
    // builds out of five (issue 14). Printing waits for the screenshots (a fraction of a second), not
    // the other way round; a failed one rejects the whole print anyway.
    const screenshotsDone = Promise.all([deckChecked.catch(() => undefined), picturesTaken.catch(() => undefined)]);
    // What deck.pptx waits for: no slide overflows, and the pictures are taken.
    void Promise.all([picturesTaken, deckChecked]).then(
      () => onFitted({ pictures: job.out.pictures, diagnostics: job.out.diagnostics }),
      () => undefined,
    );
    const deckPrinted = deckChecked.then(async (page) => {
      if (!page || job.out.diagnostics.length || !job.want.deck) return; // an overflow stops the build: no use printing
      await screenshotsDone;
      job.out.files['deck.pdf'] = await printPdf(job, page, { outline: true });
    });
    const handoutPrinted = (async () => {
      if (!pages.handout) return;
      const page = await opened(job, pages.handout);
      await load(page, input.handoutHtml, timeoutMs, { fontFamily: input.fontFamily });
      await raiseSmallText(page);
      await screenshotsDone;
      job.out.files['handout.pdf'] = await printPdf(job, page, { outline: false });
    })();
    await Promise.all([deckPrinted, handoutPrinted, picturesTaken]);
  } catch (cause) {
    throw printFailure(cause, pages.browser, timeoutMs);
  } finally {
    await pages.browser.close().catch(() => undefined);
  }
  const blocked = job.blocked.flat();
  if (blocked.length) throw new PrintError('richiesta-esterna', msg.blockedRequests([...new Set(blocked)]));
  return job.out;
}

/** One print: what it was given, and what it has made so far. */
interface Job {
  input: PrintInput;
  want: PrintWant;
  timeoutMs: number;
  shots: Screenshots;
  out: Printed;
  /** What each page refused, filled as the pages load. */
  blocked: string[][];
}

async function opened(job: Job, pending: Promise<Opened>): Promise<Page> {
  const { page, blocked } = await pending;
  job.blocked.push(blocked);
  return page;
}

/** Screenshots one at a time, each of a page brought to the front first: Chromium draws frames only for the
 * page in front, and a screenshot of another one can wait for a frame that never comes (seen under load:
 * the build hung in printing until the protocol's ten-minute ceiling). */
class Screenshots {
  private queue: Promise<unknown> = Promise.resolve();
  constructor(private readonly timeoutMs: number) {}

  take(page: Page, options: Parameters<Page['screenshot']>[0]): Promise<Uint8Array> {
    const shot = this.queue.then(async () => {
      await page.bringToFront();
      // The page's own timeout does not cover screenshots: give them the same ceiling.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('screenshot timed out'), { name: 'TimeoutError' })), this.timeoutMs);
      });
      return Promise.race([page.screenshot(options), late]).finally(() => clearTimeout(timer));
    });
    this.queue = shot.catch(() => undefined);
    return shot;
  }
}

/** The deck loaded and in print media: a diagnostic for each slide that overflows, and, when none does, the
 * sharing image (the title slide alone, as printed: the same page, so no second load). Returns the page,
 * ready to print; nothing when no deck is wanted. */
async function checkDeck(job: Job, pending: Promise<Opened> | undefined): Promise<Page | undefined> {
  if (!pending) return undefined;
  const { input } = job;
  const page = await opened(job, pending);
  await load(page, input.deckHtml, job.timeoutMs, { fontFamily: input.fontFamily });
  await page.emulateMediaType('print');
  for (const o of await overflowing(page)) {
    const s = input.slideSources.get(o.id);
    job.out.diagnostics.push(diagnostic('diapositiva-troppo-piena', msg.slideOverflows(s?.title ?? o.id, s?.number ?? 0, o.px, o.what, s?.field), s?.at, s?.field));
  }
  if (job.out.diagnostics.length || !job.want.preview) return page;
  // A clipped page screenshot: an element screenshot waits forever while another page prints.
  const clip = await page.evaluate(() => {
    const r = document.querySelector('.slide')?.getBoundingClientRect();
    return r && { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
  });
  if (clip) job.out.files['anteprima.png'] = await job.shots.take(page, { type: 'png', clip, captureBeyondViewport: false });
  return page;
}

/** The input's pictures (deck.pptx's PNG fallbacks), each on a plain white page around the SVG alone. */
async function takePictures(job: Job, pending: Promise<Opened> | undefined): Promise<void> {
  if (!pending) return;
  const page = await opened(job, pending);
  for (const { id, svg } of job.input.pictures ?? []) {
    await load(page, `<!doctype html><html><head><style>${job.input.fontFaces ?? ''}</style></head><body style="margin:0;background:#fff">${svg}</body></html>`, job.timeoutMs, {
      font: false,
    });
    // A clipped page screenshot, not an element one (see checkDeck).
    const clip = await page.evaluate(() => {
      const r = document.querySelector('svg')?.getBoundingClientRect();
      return r && { x: r.left, y: r.top, width: r.width, height: r.height };
    });
    if (clip) job.out.pictures.set(id, await job.shots.take(page, { type: 'png', clip, captureBeyondViewport: false }));
  }
  await page.close();
}

/** A loaded page as a tagged PDF/UA-1 file, its dates pinned to the input's. */
async function printPdf(job: Job, page: Page, options: { outline: boolean }): Promise<Uint8Array> {
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: options.outline, timeout: job.timeoutMs });
  return pdfUa(pdf, { date: job.input.date });
}

/** What went wrong while printing, as the user can act on it. */
function printFailure(cause: unknown, browser: Browser, timeoutMs: number): unknown {
  if (cause instanceof PrintError) return cause;
  // puppeteer says "timed out" as a TimeoutError, or as a ProtocolError when the browser itself is slow.
  if ((cause as Error).name === 'TimeoutError' || /timed out/i.test((cause as Error).message)) {
    return new CannotPrintError('stampa-scaduta', msg.printTimeout(Math.round(timeoutMs / 1000)), { cause });
  }
  // The browser died under us (killed, out of memory): the pipe or the page is gone.
  // puppeteer's words for it vary with the moment it happens; a browser no longer connected says it all.
  if (!browser.connected || (cause as Error).name === 'TargetCloseError' || /closed|crash|detached|disconnected/i.test((cause as Error).message)) {
    return new CannotPrintError('browser-interrotto', msg.browserCrashed(String((cause as Error).message).split('\n')[0]), { cause });
  }
  return cause;
}
