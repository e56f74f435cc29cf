/** Config -> the live preview: builds the deck, the report and the review page in memory, serves them on
 * localhost (node:http), watches data/ and templates/ (chokidar: Node's own recursive fs.watch on Linux
 * loses a file that an editor saved by renaming a new one over it), rebuilds on save and tells open pages over
 * server-sent events to reload, or to show the data errors over the page until they are fixed.
 *
 * The reload script is injected into responses only; the built pages never contain it. */

import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { watch as watchFiles } from 'chokidar';
import { build, type StepTiming } from './build.js';
import { newCaches } from './caches.js';
import { type Config, UsageError } from './config.js';
import { inMemory } from './context.js';
import { type Diagnostic, DiagnosticsError, formatLocation, isError, stopOnErrors } from './diagnostics.js';
import { escapeHtml } from './html.js';
import { load } from './load.js';
import { say, textMsg } from './messages.js';
import { PACKAGE_ROOT } from './paths.js';
import type { Files } from './write.js';

/** Editors save in bursts (write a temp file, rename, touch): wait for the burst to end. */
const DEBOUNCE_MS = 40;
const EVENTS = '/__assemblea/eventi';

/** One problem as the overlay shows it. */
export interface Problem {
  where?: string;
  field?: string;
  code?: string;
  message: string;
  hint?: string;
  /** Lines of YAML to copy (Diagnostic.example). */
  example?: string;
}

export interface DevServer {
  url: string;
  /** How long the last rebuild took, in ms. */
  lastBuildMs?: number;
  /** The last rebuild's stages and their times (the benchmark prints where a rebuild's time goes). */
  lastTimings?: StepTiming[];
  /** Resolves when no build is running or waiting. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface DevOptions {
  /** One line for the terminal. */
  log: (line: string) => void;
  /** The errors that stopped a rebuild, for the terminal (cli.ts formats them; tests may keep them). */
  report?: (diagnostics: readonly Diagnostic[]) => void;
  /** Every change the watchers saw, with whether it starts a rebuild (an editor's swap file does not). */
  seen?: (file: string, rebuilds: boolean) => void;
}

const problemOf = (d: Diagnostic): Problem => ({
  where: d.at ? formatLocation(d.at) : undefined,
  field: d.field,
  code: d.code,
  message: d.message,
  hint: d.hint,
  example: d.example,
});

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** Swap files, backups and hidden files that editors write beside the real one. */
const IGNORED = /(^|[\\/])(\.|#)|~$|\.(swp|swx|tmp|bak)$|(^|[\\/])4913$/;

/** The script served pages get: follows the server's state, reloads on a new build, shows problems. */
function clientScript(version: number, title: string, fixHint: string): string {
  return `<script>(() => {
  const shown = ${version};
  const es = new EventSource(${JSON.stringify(EVENTS)});
  let host;
  const el = (tag, text, style) => { const e = document.createElement(tag); if (text) e.textContent = text; if (style) e.style.cssText = style; return e; };
  function hide() { if (host) { host.remove(); host = undefined; } }
  function show(problems) {
    hide();
    host = document.createElement('assemblea-errori');
    host.id = 'assemblea-errori';
    const root = host.attachShadow({ mode: 'open' });
    const box = el('div', '', 'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.88);color:#fff;font:16px/1.45 system-ui,sans-serif;padding:2rem;');
    box.setAttribute('role', 'alert');
    box.setAttribute('lang', 'it');
    box.appendChild(el('h1', ${JSON.stringify(title)}, 'font-size:1.5rem;margin:0 0 1rem;color:#ffb4a8'));
    const list = el('ol', '', 'padding-left:1.2rem;margin:0');
    for (const p of problems) {
      const li = el('li', '', 'margin:0 0 1rem');
      if (p.where) li.appendChild(el('code', p.where, 'font:600 1rem ui-monospace,monospace;color:#ffe08a'));
      if (p.field) li.appendChild(el('span', ' ' + p.field, 'color:#ccc'));
      li.appendChild(el('p', p.message, 'margin:.25rem 0'));
      if (p.hint) li.appendChild(el('p', 'Come correggere: ' + p.hint, 'margin:.25rem 0;color:#d8e8ff'));
      if (p.example) li.appendChild(el('pre', p.example, 'margin:.25rem 0;padding:.5rem;background:#0b1a2e;color:#fff;font:1rem ui-monospace,monospace;white-space:pre-wrap'));
      list.appendChild(li);
    }
    box.appendChild(list);
    box.appendChild(el('p', ${JSON.stringify(fixHint)}, 'color:#ccc;margin-top:1.5rem'));
    root.appendChild(box);
    document.documentElement.appendChild(host);
  }
  es.addEventListener('stato', (e) => {
    const s = JSON.parse(e.data);
    if (s.problems) show(s.problems);
    else if (s.version !== shown) location.reload();
    else hide();
  });
})();</script>`;
}

function inject(html: string, script: string): string {
  const at = html.lastIndexOf('</body>');
  return at < 0 ? html + script : html.slice(0, at) + script + html.slice(at);
}

/** The page at "/": the outputs, by name. */
function indexPage(names: readonly string[], year: number | undefined): string {
  const label = textMsg.previewPages;
  const links = names.filter((n) => n.endsWith('.html')).map((n) => `<li><a href="/${escapeHtml(n)}">${escapeHtml(label[n] ?? n)}</a></li>`);
  return `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>${textMsg.previewTitle(year)}</title>
<style>body{font:18px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}</style></head>
<body><h1>${textMsg.previewTitle(year)}</h1>${links.length ? `<ul>${links.join('')}</ul>` : `<p>${textMsg.previewNothing()}</p>`}</body></html>`;
}

export async function dev(config: Config, options: DevOptions): Promise<DevServer> {
  const { log } = options;
  // Only what a browser shows: the PDFs need a browser and seconds, a preview needs neither.
  const buildConfig: Config = { ...config, only: config.only.filter((o) => o !== 'pdf') };
  const templatesDir = config.templatesDir ?? path.join(PACKAGE_ROOT, 'templates');

  // One set of caches for every rebuild: an unchanged file, slide or chart costs nothing the second time.
  const caches = newCaches({ across: 'rebuilds' });
  let pages: Files = {};
  let year: number | undefined;
  let version = 0;
  let problems: Problem[] | undefined;
  const clients = new Set<ServerResponse>();

  const state = () => `event: stato\ndata: ${JSON.stringify({ version, problems })}\n\n`;
  const broadcast = () => {
    for (const c of clients) c.write(state());
  };

  let lastBuildMs: number | undefined;
  let lastTimings: StepTiming[] | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  async function rebuild(): Promise<void> {
    const t0 = performance.now();
    try {
      const r = await build(buildConfig, inMemory(buildConfig, { caches }));
      pages = r.pages ?? {};
      year = r.year;
      version++;
      problems = undefined;
      lastBuildMs = performance.now() - t0;
      lastTimings = r.timings;
      log(say.devRebuilt(lastBuildMs, r.diagnostics.length));
    } catch (e) {
      if (e instanceof DiagnosticsError) {
        const errors = e.diagnostics.filter(isError);
        options.report?.(errors);
        problems = errors.map(problemOf);
      } else {
        // A bug: keep its stack on the terminal, keep serving the last good pages.
        log(String((e as Error)?.stack ?? e));
        problems = [{ message: String((e as Error)?.message ?? e) }];
      }
      log(say.devFailed(problems.length));
    }
    broadcast();
  }

  /** Runs a build now, or once more after the running one when files changed meanwhile. */
  function schedule(): Promise<void> {
    if (closed) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await rebuild();
      } while (again && !closed);
      running = undefined;
    })();
    return running;
  }

  let timer: NodeJS.Timeout | undefined;
  const changed = (_event: string, file: string) => {
    if (closed) return;
    const rebuilds = !ignored(file);
    options.seen?.(file, rebuilds);
    if (!rebuilds) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void schedule();
    }, DEBOUNCE_MS);
  };

  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === EVENTS) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(state());
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    const script = clientScript(version, say.devOverlayTitle(), say.devOverlayFooter());
    let name: string;
    try {
      name = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    } catch {
      name = '';
    }
    const send = (status: number, type: string, body: string | Uint8Array) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (name === '' || name === 'index.html') return send(200, TYPES['.html'], inject(indexPage(Object.keys(pages), year), script));
    const body = Object.hasOwn(pages, name) ? pages[name] : undefined;
    const type = TYPES[path.extname(name)] ?? 'application/octet-stream';
    if (body === undefined) {
      // Before the first good build, a page that will exist gets the index with the problems over it.
      if (name.endsWith('.html') && problems) return send(200, TYPES['.html'], inject(indexPage([], year), script));
      return send(404, 'text/plain; charset=utf-8', say.devNotFound(name));
    }
    if (name.endsWith('.html')) return send(200, type, inject(String(body), script));
    send(200, type, body);
  };

  // A data folder that is not there cannot be watched: say so as `check` would, and stop.
  if (
    !(await stat(config.dataDir).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    stopOnErrors((await load({ dataDir: config.dataDir, cwd: config.cwd })).diagnostics);
  // Watch before the first build, so that a save during it is not missed. Every way of saving is seen:
  // in place, a new file renamed over the old one, touch, a file created, deleted or renamed.
  const roots = [config.dataDir, templatesDir];
  /** Editors' swap and backup files, named relative to the watched folder (a project may itself live in a hidden folder). */
  const ignored = (file: string) => {
    const root = roots.find((r) => file.startsWith(r + path.sep));
    return root !== undefined && IGNORED.test(path.relative(root, file));
  };
  // Hidden folders are not watched at all; a swap file is seen, and said to start nothing.
  const watcher = watchFiles(roots, { ignoreInitial: true, ignored: (file, stats) => stats?.isDirectory() === true && ignored(file) });
  watcher.on('all', changed);
  watcher.on('error', (e) => log(String((e as Error)?.message ?? e)));
  await new Promise<void>((resolve) => watcher.once('ready', resolve));
  const server = createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((e: NodeJS.ErrnoException) => {
    closed = true;
    void watcher.close();
    clearTimeout(timer);
    if (e.code === 'EADDRINUSE') throw new UsageError(say.portInUse(config.port));
    throw e;
  });
  const { port } = server.address() as AddressInfo;
  await schedule();

  return {
    url: `http://localhost:${port}/`,
    get lastBuildMs() {
      return lastBuildMs;
    },
    get lastTimings() {
      return lastTimings;
    },
    idle: async () => {
      while (running || timer) {
        if (running) await running;
        else await new Promise((r) => setTimeout(r, DEBOUNCE_MS));
      }
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      for (const c of clients) c.end();
      clients.clear();
      // The port first: a rebuild still running (seconds on a busy machine) must not keep it taken.
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      // Open pages keep their connections alive; close them, or the server would wait for the browser.
      server.closeAllConnections();
      await Promise.all([stopped, watcher.close()]);
      await running;
    },
  };
}
