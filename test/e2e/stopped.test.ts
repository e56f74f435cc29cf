/** Builds stopped on every path, as the office meets them on a busy computer: by a mistake in the data, by
 * a mistake in a template, by Ctrl+C (SIGINT) and by a kill (SIGTERM), while two busy loops keep both cores
 * full. Each one says in Italian what stopped it, with no stack trace; the browser it started for printing
 * is gone; the output folder is exactly as it was (no file changed, no half-built folder left beside it).
 *
 * Each path runs STOPPED_RUNS times (once by default, to keep the suite short; `STOPPED_RUNS=50 npx vitest
 * run test/e2e/stopped.test.ts` is the long proof). The browser's pipes failing after close, the cause of
 * the stack traces seen, is also injected directly in test/print.test.ts. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive, childrenOf, dataCopy, ROOT, runCli, sleep } from '../support.js';

const RUNS = Number(process.env.STOPPED_RUNS ?? 1);
const BIN = path.join(ROOT, 'bin', 'assemblea.js');

/** What Node prints for an error nobody caught: the stack's lines, the unhandled event, its own frames. */
const TRACE = /^\s+at \S|Unhandled '?error|node:internal|^\w*Error: |ECONNRESET|EPIPE/m;

let work: string;
let out: string;
let before: Map<string, string>;
const data: Record<'good' | 'badData' | 'badTemplate', string> = { good: '', badData: '', badTemplate: '' };
let load: ChildProcess[] = [];

/** Every file under the output folder (hidden ones too: a staging folder left behind), with a digest. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const abs = path.join(e.parentPath, e.name);
    const rel = path.relative(dir, abs);
    files.set(
      rel,
      e.isFile()
        ? createHash('sha256')
            .update(await readFile(abs))
            .digest('hex')
        : 'folder',
    );
  }
  return files;
}

interface Stopped {
  code: number | null;
  stderr: string;
  stdout: string;
  /** Every process the build started (the browser and its children) seen while it ran. */
  family: number[];
}

/** One build in a child process, as `npx assemblea build` runs; `signal` is sent `delayMs` after its browser appears. */
async function stoppedBuild(dataDir: string, signal?: NodeJS.Signals, delayMs = 0): Promise<Stopped> {
  const child = spawn(process.execPath, ['--max-semi-space-size=4', BIN, 'build', '--data', dataDir, '--out', out], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b));
  child.stdout!.on('data', (b: Buffer) => (stdout += b));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, sig) => resolve(code ?? (sig ? -1 : null))));
  let done = false;
  void exited.then(() => (done = true));
  const family = new Set<number>();
  const watch = async () => {
    while (!done) {
      for (const p of childrenOf(child.pid!)) [p, ...childrenOf(p)].forEach((q) => family.add(q));
      await sleep(20);
    }
  };
  const watching = watch();
  if (signal) {
    for (let i = 0; i < 3000 && !family.size && !done; i++) await sleep(10);
    expect(family.size, 'the build never started its browser').toBeGreaterThan(0);
    await sleep(delayMs);
    child.kill(signal);
  }
  const code = await exited;
  await watching;
  return { code, stderr, stdout, family: [...family] };
}

async function expectCleanStop(r: Stopped): Promise<void> {
  expect(r.stderr, 'a stack trace').not.toMatch(TRACE);
  expect(r.stdout, 'a stack trace').not.toMatch(TRACE);
  for (let i = 0; i < 200 && r.family.some(alive); i++) await sleep(50);
  expect(r.family.filter(alive), 'browser processes left running').toEqual([]);
  expect(await snapshot(out)).toEqual(before);
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'assemblea-stopped-'));
  data.good = await dataCopy(path.join(work, 'data'));
  // A careless edit of the real data: a negative count.
  data.badData = await dataCopy(path.join(work, 'bad-data'), { '2025.yaml': (t) => t.replace('    Cremasco: 3503', '    Cremasco: -3503') });
  // A network's template with an unclosed {{#if}}: found once the data are checked, with the browser up.
  data.badTemplate = await dataCopy(path.join(work, 'bad-template'));
  const footer = await readFile(path.join(ROOT, 'templates', 'partials', 'slide-footer.hbs'), 'utf8');
  await mkdir(path.join(data.badTemplate, 'modelli', 'partials'), { recursive: true });
  await writeFile(path.join(data.badTemplate, 'modelli', 'partials', 'slide-footer.hbs'), `${footer}{{#if slide.number}}\n`);
  // An earlier build, to be left exactly as it is.
  out = path.join(work, 'output');
  const first = await runCli(['build', '--data', data.good, '--out', out, '--only', 'html', '--quiet']);
  expect(first.code).toBe(0);
  before = await snapshot(out);
  // Both cores kept busy for the whole file.
  load = [0, 1].map(() => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
}, 120_000);

afterAll(async () => {
  for (const p of load) p.kill('SIGKILL');
  if (work) await rm(work, { recursive: true, force: true });
});

describe('a build stopped, under load', () => {
  it(
    `by a mistake in the data (${RUNS} runs): the mistake and the count, nothing else`,
    async () => {
      for (let i = 0; i < RUNS; i++) {
        const r = await stoppedBuild(data.badData);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('errore [numero-negativo]');
        expect(r.stderr.trim().split('\n').at(-1)).toBe('Interrotto: 1 errore, 0 avvisi.');
        await expectCleanStop(r);
      }
    },
    60_000 + RUNS * 60_000,
  );

  it(
    `by a mistake in a template (${RUNS} runs)`,
    async () => {
      for (let i = 0; i < RUNS; i++) {
        const r = await stoppedBuild(data.badTemplate);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('errore [modello-errato]');
        expect(r.stderr).toContain('modelli/partials/slide-footer.hbs');
        await expectCleanStop(r);
      }
    },
    60_000 + RUNS * 60_000,
  );

  it.each([
    ['SIGINT', 130, 'Ctrl+C'],
    ['SIGTERM', 143, 'segnale SIGTERM'],
  ] as const)(
    `by %s (${RUNS} runs, at different moments): says the output folder is unchanged`,
    async (signal, code, said) => {
      for (let i = 0; i < RUNS; i++) {
        // From the browser's start to well into the charts and the printing (a loaded build takes 10 s or more).
        const r = await stoppedBuild(data.good, signal, [1_300, 0, 2_600, 3_900][i % 4]);
        expect(r.code).toBe(code);
        expect(r.stderr.trim()).toBe(`Costruzione interrotta (${said}): nella cartella ${path.relative(ROOT, out)} non è cambiato nulla, i file sono quelli di prima.`);
        await expectCleanStop(r);
      }
    },
    60_000 + RUNS * 60_000,
  );
});
