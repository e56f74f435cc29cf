/** Diagnostic records (user mistakes as data) and their plain-text formatting. No I/O. */
import type { Code } from './codes.js';
import type { Text } from './messages.js';

export type { Code } from './codes.js';

export type Severity = 'error' | 'warning';

export interface Location {
  /** Path as the user typed it or as shown relative to the working folder. */
  file: string;
  line: number;
  col: number;
}

export interface Diagnostic {
  /** Stable kebab-case code, e.g. `numero-con-punti`; tests assert on it. */
  code: Code;
  severity: Severity;
  /** What was found, in plain Italian. */
  message: string;
  /** How to fix it, in plain Italian. */
  hint?: string;
  /** The field path, as the user sees it (`soci › per_ambito › Nord`). */
  field?: string;
  /** What the warning is about in a few words (a slide's title), for the terminal's grouped summary. */
  subject?: string;
  /** Lines of YAML to copy into the file, as the hint says (where, and what to fill in), indented as they
   * go there. */
  example?: string;
  at?: Location;
}

/** A diagnostic from a message (what was found, how to fix it), where it was found and for which field. */
export function diagnostic(code: Code, text: Text, at: Location | undefined, field?: string, severity: Diagnostic['severity'] = 'error'): Diagnostic {
  return { code, severity, ...text, ...(field ? { field } : {}), ...(at ? { at } : {}) };
}

/** Thrown by a stage that found user mistakes; the CLI's one catch prints them. */
export class DiagnosticsError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(`${diagnostics.filter(isError).length} errori nei dati`);
    this.name = 'DiagnosticsError';
  }
}

/** What a build wrote before it stopped: the outputs it made are in place, these were not remade. */
export interface PartialOutput {
  /** The output folder, as shown to the user. */
  dir: string;
  /** The files this build wrote in it. */
  files: string[];
  /** Files left from an earlier build that are older than the data. */
  stale: string[];
  /** Files this build should have made and could not, with no earlier version. */
  missing: string[];
}

/** Thrown after outputs were written, when some could not be made (no browser, for instance): the
 * diagnostics say why, `written` says what is there now. */
export class PartlyWrittenError extends DiagnosticsError {
  constructor(
    diagnostics: Diagnostic[],
    readonly written: PartialOutput,
  ) {
    super(diagnostics);
    this.name = 'PartlyWrittenError';
  }
}

/** The build was stopped by a signal (Ctrl+C, a kill, the terminal closed) before it put anything in
 * place: the output folder is as it was. Not a mistake in the data: cli.ts says so and exits 128 + the
 * signal's number, as a shell does. */
export class InterruptedError extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`build stopped by ${signal}`);
    this.name = 'InterruptedError';
  }
}

export const isError = (d: Diagnostic): boolean => d.severity === 'error';

/** Throws when any diagnostic is an error: stages call it before handing data on. */
export function stopOnErrors(diagnostics: Diagnostic[]): void {
  if (diagnostics.some(isError)) throw new DiagnosticsError(diagnostics);
}

/** A list item as the user knows it: by its name (`Enti locali`), else by its place (`voce 3`, 1-based). */
export function itemName(item: unknown, index: number): string {
  if (item && typeof item === 'object') {
    const o = item as Record<string, unknown>;
    for (const k of ['nome', 'comune', 'titolo', 'gruppo', 'file', 'id']) if (typeof o[k] === 'string' && o[k]) return o[k] as string;
  }
  return `voce ${index + 1}`;
}

/** `soci › per_ambito › Nord`; a list item by its name when `root` (the file's value) is given
 * (`convenzioni › controparti › Enti locali › numero`), else as "voce 3" (1-based). */
export function fieldPath(path: readonly PropertyKey[], root?: unknown): string {
  let here: unknown = root;
  return path
    .map((p) => {
      const parent = here;
      here = parent && typeof parent === 'object' ? (parent as Record<PropertyKey, unknown>)[p] : undefined;
      return typeof p === 'number' ? itemName(Array.isArray(parent) ? parent[p] : undefined, p) : String(p);
    })
    .join(' › ');
}

export function formatLocation(at: Location | undefined): string {
  return at ? `${at.file}:${at.line}:${at.col}` : '';
}

const label: Record<Severity, string> = { error: 'errore', warning: 'avviso' };

/** One diagnostic as the terminal shows it:
 *  data/2025.yaml:42:14: errore [numero-con-punti] soci › per_ambito › Nord
 *    Trovato «3.308»: ...
 *    Come correggere: ... */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.at ? `${formatLocation(d.at)}: ` : '';
  const lines = [`${where}${label[d.severity]} [${d.code}]${d.field ? ` ${d.field}` : ''}`, `  ${d.message}`];
  if (d.hint) lines.push(`  Come correggere: ${d.hint}`);
  // The example at its own indentation, set apart by blank lines, so that it can be copied as it is.
  if (d.example) lines.push('', d.example);
  return lines.join('\n');
}

/** Errors first, then by file, line and column, so the list reads top to bottom. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const rank = (d: Diagnostic) => (d.severity === 'error' ? 0 : 1);
  return [...list].sort((a, b) => rank(a) - rank(b) || (a.at?.file ?? '').localeCompare(b.at?.file ?? '') || (a.at?.line ?? 0) - (b.at?.line ?? 0) || (a.at?.col ?? 0) - (b.at?.col ?? 0));
}
