/** argv -> run the command -> exit code. The only place that prints diagnostics and picks exit codes:
 * 0 fine, 1 errors in the data (or warnings with --strict), 2 usage error. */
import { check } from './check.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { commandUsage, configFrom, helpWanted, UsageError, USAGE, type Config } from './config.js';
import { PACKAGE_ROOT } from './paths.js';
import { DiagnosticsError, formatDiagnostic, isError, PartlyWrittenError, type Diagnostic } from './diagnostics.js';
import { say } from './messages.js';

export interface Io {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

function summary(diagnostics: readonly Diagnostic[], files: number): string {
  const errors = diagnostics.filter(isError).length;
  const warnings = diagnostics.length - errors;
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  return `Controllati ${n(files, 'file', 'file')}: ${n(errors, 'errore', 'errori')}, ${n(warnings, 'avviso', 'avvisi')}.`;
}

export function printDiagnostics(io: Pick<Io, 'stderr'>, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n\n`);
}

async function runCheck(config: Config, io: Io): Promise<number> {
  const r = await check(config);
  if (config.json) {
    io.stdout.write(`${JSON.stringify({ files: r.files, diagnostics: r.diagnostics }, null, 2)}\n`);
  } else {
    printDiagnostics(io, r.diagnostics);
    io.stdout.write(`${summary(r.diagnostics, r.files.length)}\n`);
  }
  const failed = r.diagnostics.some(isError) || (config.strict && r.diagnostics.length > 0);
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
        return await runCommand(config, io);
      }
    }
  } catch (e) {
    if (e instanceof DiagnosticsError && config.json) {
      const written = e instanceof PartlyWrittenError ? { output: e.written.dir, files: e.written.files, stale: e.written.stale, missing: e.written.missing } : {};
      io.stdout.write(`${JSON.stringify({ ok: false, ...written, diagnostics: e.diagnostics }, null, 2)}\n`);
      return 1;
    }
    if (e instanceof PartlyWrittenError) {
      // Outputs were written: not "Interrotto", but what is there and what is not up to date.
      const w = e.written;
      printDiagnostics(io, e.diagnostics);
      io.stderr.write(`${[say.builtPartly(w.dir, w.files), say.notRemade(w.stale, w.missing)].filter(Boolean).join('\n')}\n`);
      return 1;
    }
    if (e instanceof DiagnosticsError) {
      printDiagnostics(io, e.diagnostics);
      io.stderr.write(`${summary(e.diagnostics, 0).replace(/^Controllati 0 file: /, 'Interrotto: ')}\n`);
      return 1;
    }
    if (e instanceof UsageError) {
      io.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
