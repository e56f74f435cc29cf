/** Config -> a launched headless browser (puppeteer), found on this machine; never downloaded.
 * Order: PUPPETEER_EXECUTABLE_PATH, an installed Chrome/Chromium/Edge, puppeteer's own cache. */

import { existsSync } from 'node:fs';
import type { Browser, PuppeteerNode } from 'puppeteer';
import type { Code } from './codes.js';
import { DiagnosticsError, diagnostic } from './diagnostics.js';
import { msg, type Text } from './messages.js';

/** Where Chrome, Chromium and Edge are usually installed, per platform. A headless shell comes first:
 * the same engine without the windowed browser around it, it starts and prints in about half the time
 * and half the processor (Debian's chromium-headless-shell, Chrome for Testing's chrome-headless-shell). */
const CANDIDATES: Record<string, string[]> = {
  linux: [
    '/usr/bin/chromium-headless-shell',
    '/usr/bin/chrome-headless-shell',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/snap/bin/chromium',
  ],
  darwin: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe',
  ],
};

/** Flags for a machine with no network and, in CI, no user namespace sandbox. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-extensions',
  '--font-render-hinting=none',
];

/** The browser could not print: there is none, it did not start, it crashed or it timed out. The
 * outputs that need no browser are still written, and the printed ones of the previous build kept. */
export class CannotPrintError extends DiagnosticsError {
  constructor(code: Code, text: Text, options?: ErrorOptions) {
    super([diagnostic(code, text, undefined)]);
    this.name = 'CannotPrintError';
    if (options?.cause) this.cause = options.cause;
  }
}

/** No browser to print with; `tried` is the path the user gave, when they gave one. */
export class NoBrowserError extends CannotPrintError {
  constructor(tried?: string) {
    super('browser-assente', msg.noBrowser(tried));
    this.name = 'NoBrowserError';
  }
}

/** puppeteer is loaded only when a browser is wanted: building the HTML alone does not pay for it. */
const loadPuppeteer = async (): Promise<PuppeteerNode> => (await import('puppeteer')).default as unknown as PuppeteerNode;

export async function findBrowser(explicit?: string, platform: string = process.platform): Promise<string | undefined> {
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  const found = (CANDIDATES[platform] ?? []).find((p) => existsSync(p));
  if (found) return found;
  try {
    const own = (await loadPuppeteer()).executablePath();
    return own && existsSync(own) ? own : undefined;
  } catch {
    return undefined;
  }
}

/** Longest any single call to the browser may take; print() sets tighter timeouts per page. */
const PROTOCOL_TIMEOUT_MS = 10 * 60_000;

/** Whether the executable is a headless shell, which takes the old headless switch (puppeteer's 'shell'). */
export const isHeadlessShell = (executablePath: string) => /headless[-_]shell(\.exe)?$/i.test(executablePath);

export async function launchBrowser(explicit?: string): Promise<Browser> {
  const executablePath = await findBrowser(explicit);
  if (!executablePath) throw new NoBrowserError(explicit);
  const puppeteer = await loadPuppeteer();
  const browser = await puppeteer
    .launch({
      executablePath,
      headless: isHeadlessShell(executablePath) ? 'shell' : true,
      args: CHROMIUM_ARGS,
      // Talk over a pipe, not a port: when this process dies, even by SIGKILL, the pipe closes and
      // Chromium exits with it, so no browser outlives a killed build.
      pipe: true,
      // Each call to the browser has a ceiling; print() sets tighter timeouts per page.
      protocolTimeout: PROTOCOL_TIMEOUT_MS,
      timeout: 60_000,
      // Each launch gets its own throw-away profile; puppeteer removes it on close.
      // Ctrl+C, a kill and a closed terminal are the build's to handle (commands.ts): it closes this browser
      // and says that the output folder is unchanged. puppeteer's own handlers would exit at once on
      // Ctrl+C, without a word, and on SIGTERM close the browser and let the build go on to write.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    })
    .catch((cause: Error) => {
      // Not a browser, or one that cannot start here: puppeteer's first line says why.
      throw new CannotPrintError('browser-non-parte', msg.browserFailed(executablePath, String(cause?.message ?? cause).split('\n')[0]), { cause });
    });
  guardPipes(browser);
  return browser;
}

/** puppeteer stops listening to the browser's pipes when it closes the connection, and the browser may
 * still be going: a write that fails after that (EPIPE) or a read cut short (ECONNRESET, Chromium killed
 * with bytes unread) is then an 'error' event nobody listens to, which Node turns into a crash with an
 * English stack trace, after the build has already said what stopped it (seen under load in 4 of 46 runs
 * stopped by a data error). The pipes are only the way to the browser: once it is closing, their errors
 * say nothing the build does not know. */
function guardPipes(browser: Browser): void {
  for (const stream of browser.process()?.stdio ?? []) stream?.on('error', () => undefined);
}
