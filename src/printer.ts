/** The build's printer: the browser's lifecycle, the overlap with the rest of the build and every
 * screenshot, behind `print(pages) -> { fitted, done }`. Made by the command before the build starts (see
 * context.ts): the browser's launch is the slowest step, so it starts at once and overlaps checking the
 * data, drawing the charts and rendering the pages; its blank pages open as soon as it is up. This module
 * is light: puppeteer, the printing code and pdf-lib load only when a build prints (`--only html` never
 * loads them). A test hands the build a printer of its own (test/build-context.test.ts). */
import { launchBrowser } from './browser.js';
import type { Fitted, Printed, PrintInput, PrintWant } from './print.js';

/** Printing under way. */
export interface Printing {
  /** The overflow check and the pictures, ready before the PDFs are: what deck.pptx needs. Rejects as `done` does. */
  fitted: Promise<Fitted>;
  /** Every printed file. */
  done: Promise<Printed>;
}

export interface Printer {
  /** Prints the pages; once per printer. */
  print(pages: PrintInput): Printing;
  /** Closes the browser, whether or not it printed (printing closes it too, when it ends). */
  close(): Promise<void>;
}

/** A printer with a browser of this machine (browser.ts finds it), launched now. */
export function browserPrinter(options: { browserPath?: string; want: PrintWant; timeoutMs?: number }): Printer {
  const browser = launchBrowser(options.browserPath);
  browser.catch(() => undefined); // a missing browser is reported when it is time to print
  // The printing code (and pdf-lib, which tags the PDFs) loads while the browser starts.
  const opened = import('./print.js').then((m) => m.openPrinter({ browser, want: options.want, timeoutMs: options.timeoutMs }));
  opened.catch(() => undefined);
  return {
    print(pages) {
      const started = opened.then((p) => p.print(pages));
      const fitted = started.then((p) => p.fitted);
      const done = started.then((p) => p.done);
      fitted.catch(() => undefined);
      done.catch(() => undefined);
      return { fitted, done };
    },
    close: () => browser.then((b) => b.close()).catch(() => undefined),
  };
}
