/** The build as one context: what a command hands `build()` (build.ts) besides the Config. Where the files
 * go (`effects`, write.ts), who prints (`printer`, printer.ts), what earlier builds left to reuse (`caches`,
 * caches.ts), how a build says where it is (`progress`) and what stops it (`signal`). The command makes it:
 * `assemblea build` a staged output folder, a browser launched at once and new caches; `dev` memory, no
 * printer and one set of caches across its rebuilds; `check`'s rehearsal memory over the data it checked;
 * the bench and the tests whatever they measure. A context is for one build (its printer prints once). */
import { type Caches, newCaches } from './caches.js';
import type { CheckResult } from './check.js';
import type { Config } from './config.js';
import { ownedBy, printedBy } from './outputs.js';
import { browserPrinter, type Printer } from './printer.js';
import { type Effects, memoryOutput, stagedOutput } from './write.js';

/** Told each step's name as it ends, with its time in ms. */
export type Progress = (step: string, ms: number) => void;

export interface BuildContext {
  effects: Effects;
  /** The browser's work; none when nothing is printed (`dev`, `--only html`, check's rehearsal). */
  printer?: Printer;
  caches: Caches;
  progress: Progress;
  /** Aborted with a signal's name (Ctrl+C, a kill): the build stops before it puts anything in place,
   * closes its browser and rejects with an InterruptedError; the output folder stays as it was. */
  signal?: AbortSignal;
  /** The data already checked, with its figures (`check` rehearsing a build): nothing of it is done again. */
  checked?: CheckResult;
}

export interface ContextOptions {
  effects?: Effects;
  /** A printer of the caller's own, or null for none; by default a browser's, when `--only` prints anything. */
  printer?: Printer | null;
  caches?: Caches;
  progress?: Progress;
  signal?: AbortSignal;
  /** Per page operation of the browser; by default a minute, more for a long deck. */
  printTimeoutMs?: number;
  checked?: CheckResult;
}

/** The context of `assemblea build`, unless told otherwise: the output folder staged (what `--only` does not
 * remake, and the printed files until they are printed again, stay as the last build left them), a browser
 * launched now when anything is printed, new caches. */
export function buildContext(config: Config, options: ContextOptions = {}): BuildContext {
  const wanted: string[] = printedBy(config.only);
  const printer =
    options.printer === undefined
      ? wanted.length
        ? browserPrinter({
            browserPath: config.browserPath,
            timeoutMs: options.printTimeoutMs,
            want: { deck: wanted.includes('deck.pdf'), handout: wanted.includes('handout.pdf'), preview: wanted.includes('anteprima.png'), fit: wanted.includes('deck.pptx') },
          })
        : undefined
      : (options.printer ?? undefined);
  return {
    effects: options.effects ?? stagedOutput({ outDir: config.outDir, dataDir: config.dataDir, keep: (name) => !ownedBy(config.only, name) || wanted.includes(name) }),
    printer,
    caches: options.caches ?? newCaches(),
    progress: options.progress ?? (() => {}),
    signal: options.signal,
    checked: options.checked,
  };
}

/** A build in memory (the live preview, check's rehearsal, tests): nothing written, nothing printed; the
 * files come back in the result's `pages`. */
export function inMemory(config: Config, options: Omit<ContextOptions, 'effects' | 'printer'> = {}): BuildContext {
  return buildContext(config, { ...options, effects: memoryOutput(), printer: null });
}
