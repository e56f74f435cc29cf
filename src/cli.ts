/** argv -> run the command -> exit code. The only place that prints diagnostics and picks exit codes:
 * 0 fine, 1 errors in the data (or warnings with --strict), 2 usage error. Commands (commands.ts) return
 * what to say; this file says it. */

import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { newCaches } from './caches.js';
import { check } from './check.js';
import { type Config, commandUsage, configFrom, helpWanted, USAGE, UsageError } from './config.js';
import { type Diagnostic, DiagnosticsError, formatDiagnostic, InterruptedError, isError, PartlyWrittenError, sortDiagnostics } from './diagnostics.js';
import { say } from './messages.js';
import { PACKAGE_ROOT } from './paths.js';
import { ownTemplates, templateRoots } from './templates.js';

export interface Io {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

export function printDiagnostics(io: Pick<Io, 'stderr'>, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n\n`);
}

/** Warnings about an earlier year's file (a printed total of 2023 that does not add up) come back in every
 * later build: they are told apart from this year's, after them. `mainFile` is the built year's file. */
export function splitEarlier(diagnostics: readonly Diagnostic[], mainFile: string | undefined): { current: Diagnostic[]; earlier: Diagnostic[] } {
  const earlier = (d: Diagnostic) => !isError(d) && mainFile !== undefined && !!d.at && d.at.file !== mainFile && /^\d{4}\.ya?ml$/.test(path.basename(d.at.file));
  return { current: diagnostics.filter((d) => !earlier(d)), earlier: diagnostics.filter(earlier) };
}

/** `check`'s full list: this year's diagnostics, then those about earlier years' files under a heading of their own. */
function printChecked(io: Pick<Io, 'stderr'>, diagnostics: readonly Diagnostic[], mainFile: string | undefined): void {
  const { current, earlier } = splitEarlier(diagnostics, mainFile);
  printDiagnostics(io, current);
  if (earlier.length) {
    io.stderr.write(`${say.earlierHead(earlier.length, filesOf(earlier))}\n\n`);
    printDiagnostics(io, earlier);
  }
}

const filesOf = (ds: readonly Diagnostic[]) => [...new Set(ds.map((d) => path.basename(d.at!.file)))].sort();

/** A build's warnings, grouped by kind: a count and one line each, so that a first build of real data (with
 * its slides left out for missing data) does not read as a failure. The full text is in `check`, `--json`
 * and the review page. `mainFile` is the built year's file: other files are named beside their warnings. */
export function printWarningGroups(io: Pick<Io, 'stderr'>, warnings: readonly Diagnostic[], mainFile?: string, reviewPage?: string): void {
  if (!warnings.length) return;
  const groupsOf = (list: readonly Diagnostic[]) => {
    const groups = new Map<string, string[]>();
    for (const d of list) {
      const name = d.subject ?? d.field ?? d.at?.file ?? d.code;
      const file = d.at && d.at.file !== mainFile ? ` (${path.basename(d.at.file)})` : '';
      groups.set(d.code, [...(groups.get(d.code) ?? []), `${name}${file}`]);
    }
    return [...groups].map(([code, items]) => say.warningGroup(code, items));
  };
  const { current, earlier } = splitEarlier(warnings, mainFile);
  const lines = [say.warningsHead(warnings.length, reviewPage), ...groupsOf(current)];
  if (earlier.length) lines.push(`  ${say.earlierHead(earlier.length, filesOf(earlier))}`, ...groupsOf(earlier).map((l) => `  ${l}`));
  io.stderr.write(`${lines.join('\n')}\n\n`);
}

/** What a build prints about its diagnostics: errors in full, warnings grouped; only errors with --quiet. */
export function printBuildDiagnostics(io: Pick<Io, 'stderr'>, config: Pick<Config, 'quiet'>, diagnostics: readonly Diagnostic[], mainFile?: string, reviewPage?: string): void {
  printDiagnostics(io, diagnostics.filter(isError));
  if (!config.quiet)
    printWarningGroups(
      io,
      diagnostics.filter((d) => !isError(d)),
      mainFile,
      reviewPage,
    );
}

const counts = (diagnostics: readonly Diagnostic[]) => {
  const errors = diagnostics.filter(isError).length;
  return { errors, warnings: diagnostics.length - errors };
};

async function runCheck(config: Config, io: Io): Promise<number> {
  // The check and its rehearsal of the build read the same files: one set of caches.
  const caches = newCaches();
  const r = await check(config, caches);
  // A network's own templates are checked as build checks them: by its stages, in memory.
  if (!r.diagnostics.some(isError) && (await ownTemplates(templateRoots(config))).length) {
    const { rehearse } = await import('./build.js');
    r.diagnostics = sortDiagnostics([...r.diagnostics, ...(await rehearse(config, r, caches))]);
  }
  const failed = r.diagnostics.some(isError) || (config.strict && r.diagnostics.length > 0);
  if (config.json) {
    io.stdout.write(`${JSON.stringify({ ok: !failed, files: r.files, diagnostics: r.diagnostics }, null, 2)}\n`);
  } else {
    // The full text of every diagnostic: check is where warnings are read; --quiet keeps only the errors.
    printChecked(io, config.quiet ? r.diagnostics.filter(isError) : r.diagnostics, r.mainFile);
    const { errors, warnings } = counts(r.diagnostics);
    io.stdout.write(`${say.checked(r.files.length, errors, warnings, config.strict)}\n`);
  }
  return failed ? 1 : 0;
}

/** The message of a usage error, then the help that fits it. */
function usageProblem(e: UsageError): string {
  if (e.help === 'all') return `${e.message}\n\n${USAGE}\n`;
  if (e.help === 'none') return `${e.message}\n`;
  return `${e.message}\n${say.helpPointer(e.help)}\n`;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const asked = helpWanted(argv);
  if (asked === 'version') {
    const { version } = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
    io.stdout.write(`${say.version(version)}\n`);
    return 0;
  }
  if (asked) {
    io.stdout.write(`${asked === 'all' ? USAGE : commandUsage(asked)}\n`);
    return 0;
  }
  let config: Config | 'help';
  try {
    config = configFrom(argv, io.env, io.cwd, Boolean(io.stdout.isTTY));
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(usageProblem(e));
      return 2;
    }
    throw e;
  }
  if (config === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    switch (config.command) {
      case 'check':
        return await runCheck(config, io);
      default: {
        const { runCommand } = await import('./commands.js');
        const json = config.json;
        const outcome = await runCommand(config, {
          out: (line) => io.stdout.write(`${line}\n`),
          err: (line) => io.stderr.write(`${line}\n`),
          diagnostics: (list) => printDiagnostics(io, list),
        });
        if (json && outcome.json) io.stdout.write(`${JSON.stringify(outcome.json, null, 2)}\n`);
        if (outcome.warnings) printBuildDiagnostics(io, config, outcome.warnings.diagnostics, outcome.warnings.mainFile, outcome.warnings.reviewPage);
        for (const line of outcome.lines ?? []) io.stdout.write(`${line}\n`);
        return outcome.code;
      }
    }
  } catch (e) {
    if (e instanceof InterruptedError) {
      // Stopped before anything was put in place: say that the output folder is as it was.
      const outDir = path.relative(io.cwd, config.outDir) || config.outDir;
      if (config.json) io.stdout.write(`${JSON.stringify({ ok: false, interrupted: e.signal, output: outDir, unchanged: true }, null, 2)}\n`);
      else io.stderr.write(`${say.interrupted(e.signal, outDir)}\n`);
      return 128 + (constants.signals[e.signal] ?? 0);
    }
    if (e instanceof DiagnosticsError && config.json) {
      const written = e instanceof PartlyWrittenError ? { output: e.written.dir, files: e.written.files, stale: e.written.stale, missing: e.written.missing } : {};
      io.stdout.write(`${JSON.stringify({ ok: false, ...written, diagnostics: e.diagnostics }, null, 2)}\n`);
      return 1;
    }
    if (e instanceof PartlyWrittenError) {
      // Outputs were written: not "Interrotto", but what is there and what is not up to date.
      const w = e.written;
      printBuildDiagnostics(io, config, e.diagnostics);
      io.stderr.write(`${[say.builtPartly(w.dir, w.files), say.notRemade(w.stale, w.missing)].filter(Boolean).join('\n')}\n`);
      return 1;
    }
    if (e instanceof DiagnosticsError) {
      if (config.command === 'check') printDiagnostics(io, config.quiet ? e.diagnostics.filter(isError) : e.diagnostics);
      else printBuildDiagnostics(io, config, e.diagnostics);
      const { errors, warnings } = counts(e.diagnostics);
      io.stderr.write(`${say.checked(undefined, errors, warnings, config.strict)}\n`);
      return 1;
    }
    if (e instanceof UsageError) {
      io.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
