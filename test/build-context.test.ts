/** The build's orchestration, with a printer of the test's own (no browser): what is put in place, in which
 * order, and what is left as it was, when the printer prints, fails, finds a slide too full, or the build
 * is stopped by a signal. The small synthetic network is built for real (check, charts, pages, deck.pptx);
 * only the browser's work is stood in for, behind the Printer interface the build is given. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CannotPrintError } from '../src/browser.js';
import { build, rehearse } from '../src/build.js';
import { newCaches } from '../src/caches.js';
import { check } from '../src/check.js';
import { type Config, configFrom } from '../src/config.js';
import { buildContext, inMemory } from '../src/context.js';
import { DiagnosticsError, diagnostic, InterruptedError, PartlyWrittenError } from '../src/diagnostics.js';
import type { Fitted, Printed, PrintInput } from '../src/print.js';
import type { Printer } from '../src/printer.js';
import { type Effects, filesIn, stagedOutput } from '../src/write.js';
import { fixtureDir, ROOT } from './support.js';

/** How many times the figures were derived and the year reviewed against the one before. */
const calls = vi.hoisted(() => ({ derive: 0, review: 0 }));
vi.mock('../src/derive.js', async (importActual) => {
  const real = await importActual<typeof import('../src/derive.js')>();
  return { ...real, derive: (...args: Parameters<typeof real.derive>) => (calls.derive++, real.derive(...args)) };
});
vi.mock('../src/review.js', async (importActual) => {
  const real = await importActual<typeof import('../src/review.js')>();
  return { ...real, review: (...args: Parameters<typeof real.review>) => (calls.review++, real.review(...args)) };
});

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'assemblea-context-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

let runs = 0;
/** A build of the small network into a folder of its own, every output wanted. */
function configFor(): Config {
  const c = configFrom(['build', '--data', fixtureDir('small-network'), '--out', path.join(work, `out-${++runs}`)], { SOURCE_DATE_EPOCH: '1700000000' }, ROOT, false);
  if (c === 'help') throw new Error('help');
  return c;
}

/** The output folder as the build stages it, with every call the build makes written to `log`. */
function recorded(config: Config, log: string[], onCommit?: () => void): Effects {
  const real = stagedOutput({ outDir: config.outDir, dataDir: config.dataDir, keep: () => false });
  return {
    begin: (year, files) => (log.push(`begin ${year}`), real.begin(year, files)),
    write: (files, replacing) => (log.push(`write ${Object.keys(files).sort().join(',')}`), real.write(files, replacing)),
    commit: () => (log.push('commit'), onCommit?.(), real.commit()),
    abort: () => (log.push('abort'), real.abort()),
  };
}

const PIXEL = PNG.sync.write(Object.assign(new PNG({ width: 1, height: 1 }), { data: Buffer.from([255, 255, 255, 255]) }));

/** A printer that prints nothing: `fitted` and `done` are what the test settles them with. */
function fakePrinter(log: string[]) {
  let settle!: { fitted: (f: Fitted) => void; done: (p: Printed) => void; fail: (e: unknown) => void };
  const fitted = new Promise<Fitted>((resolve, reject) => (settle = { fitted: resolve, done: () => undefined, fail: reject }));
  const done = new Promise<Printed>((resolve, reject) => {
    settle.done = resolve;
    const fail = settle.fail;
    settle.fail = (e) => (fail(e), reject(e));
  });
  fitted.catch(() => undefined);
  done.catch(() => undefined);
  const given: { input?: PrintInput } = {};
  let call!: () => void;
  /** Resolves when the build hands the printer its pages. */
  const called = new Promise<void>((resolve) => (call = resolve));
  const printer: Printer = {
    print(input) {
      log.push('print');
      given.input = input;
      call();
      return { fitted, done };
    },
    close: async () => void log.push('close'),
  };
  /** What a browser would have made of the input: a picture for each one asked for, the two PDFs and the sharing image. */
  const printed = (): Printed => ({
    files: { 'deck.pdf': new TextEncoder().encode('%PDF deck'), 'handout.pdf': new TextEncoder().encode('%PDF handout'), 'anteprima.png': PIXEL },
    pictures: new Map((given.input?.pictures ?? []).map((p) => [p.id, PIXEL])),
    diagnostics: [],
  });
  return { printer, settle, printed, given, called };
}

/** One test's build: its config, the log every call is written to (the build's steps as `step <name>`),
 * a fake printer, and the context that joins them. `onStep` runs after a step is logged; `onCommit` as
 * the commit starts. */
function harness(options: { onStep?: (step: string) => void; onCommit?: () => void; signal?: AbortSignal } = {}) {
  const config = configFor();
  const log: string[] = [];
  const fake = fakePrinter(log);
  const progress = (step: string) => {
    log.push(`step ${step}`);
    options.onStep?.(step);
  };
  const context = buildContext(config, { printer: fake.printer, effects: recorded(config, log, options.onCommit), progress, signal: options.signal });
  return { config, log, fake, context };
}

describe('a build with its own printer', () => {
  it('hands the printer the deck and the handout, makes deck.pptx once the deck fits (before the PDFs are done), and commits once, last', async () => {
    const { config, log, fake, context } = harness({
      // The PDFs come only after deck.pptx is made: a build that waited for them first would never end.
      onStep: (step) => step === 'PowerPoint' && fake.settle.done(fake.printed()),
    });
    const building = build(config, context);
    // The browser gets the pages as soon as the deck and the handout are rendered: the report is made after.
    await fake.called;
    expect(fake.given.input!.deckHtml).toContain('<section');
    expect(fake.given.input!.handoutHtml).toContain('</html>');
    fake.settle.fitted({ pictures: fake.printed().pictures, diagnostics: [] });
    const r = await building;

    expect(log.indexOf('print')).toBeGreaterThan(log.indexOf('step pagine'));
    expect(log.indexOf('print')).toBeLessThan(log.indexOf('step resoconto'));
    // The files made without a browser first, then the printed ones, then deck.pptx, then the one commit.
    const effects = log.filter((l) => /^(begin|write|commit|abort)/.test(l));
    expect(effects).toEqual(['begin 2025', 'write anteprima.png,deck.pdf,handout.pdf', 'write deck.pptx', 'commit']);
    expect(log.indexOf('step PowerPoint')).toBeLessThan(log.indexOf('step PDF'));
    expect(log.at(-1)).toBe('close');

    const there = await filesIn(r.outputDir);
    expect(there).toEqual(expect.arrayContaining(['deck.html', 'report.html', 'revisione.html', 'deck.pdf', 'handout.pdf', 'anteprima.png', 'deck.pptx']));
    expect(await readFile(path.join(r.outputDir, 'deck.pdf'), 'utf8')).toBe('%PDF deck');
    expect((await readFile(path.join(r.outputDir, 'deck.pptx'))).subarray(0, 2).toString()).toBe('PK');
    expect(r.files.sort()).toEqual(there.sort());
  }, 120_000);

  it('whose printer cannot print puts the rest in place and says which printed files are missing', async () => {
    const { config, log, fake, context } = harness();
    const building = build(config, context).catch((e: unknown) => e);
    await fake.called;
    fake.settle.fail(new CannotPrintError('browser-interrotto', { message: 'Il browser si è chiuso.', hint: 'Riprova.' }));
    const e = await building;

    expect(e).toBeInstanceOf(PartlyWrittenError);
    const { written, diagnostics } = e as PartlyWrittenError;
    expect(diagnostics.map((d) => d.code)).toEqual(['browser-interrotto']);
    expect(written.missing.sort()).toEqual(['anteprima.png', 'deck.pdf', 'deck.pptx', 'handout.pdf']);
    expect(written.files).toContain('deck.html');
    // Committed once, without the printed files; the abort that follows a commit changes nothing.
    expect(log.filter((l) => /^(begin|write|commit)/.test(l))).toEqual(['begin 2025', 'commit']);
    expect(await filesIn(path.join(config.outDir, '2025'))).toEqual(expect.arrayContaining(['deck.html', 'report.html']));
    expect(await filesIn(path.join(config.outDir, '2025'))).not.toContain('deck.pdf');
  }, 120_000);

  it('whose printer finds a slide too full stops before the commit: nothing is put in place, and no deck.pptx is made', async () => {
    const { config, log, fake, context } = harness();
    const building = build(config, context).catch((e: unknown) => e);
    await fake.called;
    const overflow = diagnostic('diapositiva-troppo-piena', { message: 'La diapositiva 3 è troppo piena.', hint: 'Accorcia.' }, undefined);
    fake.settle.fitted({ pictures: new Map(), diagnostics: [overflow] });
    fake.settle.done({ files: {}, pictures: new Map(), diagnostics: [overflow] });
    const e = await building;

    expect(e).toBeInstanceOf(DiagnosticsError);
    expect((e as DiagnosticsError).diagnostics.map((d) => d.code)).toEqual(['diapositiva-troppo-piena']);
    expect(log.filter((l) => /^(begin|write|commit|abort)/.test(l))).toEqual(['begin 2025', 'abort']);
    expect(log).not.toContain('step PowerPoint');
    expect(await filesIn(config.outDir)).toEqual([]);
  }, 120_000);

  it('stopped by a signal while it prints rejects with the signal, closes the printer and puts nothing in place', async () => {
    const stop = new AbortController();
    // Ctrl+C while the browser prints and the phone drawings are being made.
    const { config, log, context } = harness({ onStep: (step) => step === 'grafici per il telefono' && stop.abort('SIGINT'), signal: stop.signal });
    const e = await build(config, context).catch((err: unknown) => err);

    expect(e).toBeInstanceOf(InterruptedError);
    expect((e as InterruptedError).signal).toBe('SIGINT');
    expect(log).toContain('print');
    expect(log).toContain('close');
    // The steps still running when it stopped go no further than the step they were in (a turn of the event loop).
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.filter((l) => l.startsWith('step ')).at(-1)).toBe('step grafici per il telefono');
    expect(log.filter((l) => /^(begin|write|commit|abort)/.test(l))).toEqual([]);
    expect(await filesIn(config.outDir)).toEqual([]);
  }, 120_000);

  it('stopped before it starts does nothing at all', async () => {
    const stop = new AbortController();
    stop.abort('SIGTERM');
    const { config, log, context } = harness({ signal: stop.signal });
    const e = await build(config, context).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(InterruptedError);
    expect(log.filter((l) => l !== 'close')).toEqual([]);
  }, 120_000);

  it('stopped while its outputs are being put in place ends as built: a commit is let finish', async () => {
    const stop = new AbortController();
    const { config, log, fake, context } = harness({ onCommit: () => stop.abort('SIGINT'), signal: stop.signal });
    const building = build(config, context);
    await fake.called;
    fake.settle.fitted({ pictures: fake.printed().pictures, diagnostics: [] });
    fake.settle.done(fake.printed());
    const r = await building;
    expect(log.filter((l) => /^(commit|abort)/.test(l))).toEqual(['commit']);
    expect(await filesIn(r.outputDir)).toContain('deck.pdf');
  }, 120_000);
});

describe('check and build', () => {
  it('derive the figures and review the year once: a build once, a check with its rehearsal of the build once', async () => {
    const config = configFor();
    calls.derive = calls.review = 0;
    const built = await build(config, inMemory(config));
    expect(built.pages!['revisione.html']).toContain('</html>');
    expect(calls).toEqual({ derive: 1, review: 1 });

    calls.derive = calls.review = 0;
    const caches = newCaches();
    const checked = await check(config, caches);
    expect(checked.figures?.year).toBe(2025);
    expect(await rehearse(config, checked, caches)).toEqual([]);
    expect(calls).toEqual({ derive: 1, review: 1 });
  }, 120_000);
});
