/** Dataset -> Review: the year's file read against the one before. Every figure, text and list beside last
 * year's, the change, and a flag where something looks like a slip: a change that looks like a typing error,
 * something last year had that this year lacks, a file that is last year's copy, a date or a text still of
 * last year. And those flags as `check` warnings, each at its place in the file. Pure; no I/O. */

import { type Dataset, existsIn } from './dataset.js';
import { type Change, change } from './derive.js';
import { type Diagnostic, diagnostic, itemName, type Location } from './diagnostics.js';
import { msg } from './messages.js';
import { YEAR_FIELDS, type Year } from './schema.js';
import { keyLocation, locate, locateField, type SourceDoc } from './source.js';

/** Why a row is worth a second look, most telling first:
 *  - `zero`: the figure went to zero;
 *  - `cifra`: it gained or lost a digit (and moved by more than a third: 999 -> 1000 is not a slip);
 *  - `terzo`: it moved by more than a third;
 *  - `manca`: last year had it, this year's file does not;
 *  - `anno-vecchio`: a text (or date) that still names last year, or the assembly date of last year. */
export type Flag = 'zero' | 'cifra' | 'terzo' | 'manca' | 'anno-vecchio';

/** "More than a third", as the staff put it. */
export const FLAG_RATIO = 1 / 3;
/** Moves of one or two units (3 conventions becoming 5) are not typing errors, whatever their ratio. */
export const FLAG_MIN_DIFF = 3;
/** A file is called a copy of last year's when at least this share of the figures both years have is equal... */
export const COPY_SHARE = 0.8;
/** ...and there are at least this many of them (two equal figures say nothing). */
export const COPY_MIN_FIGURES = 5;

const digits = (n: number) => String(Math.trunc(Math.abs(n))).length;

/** The flag a change from `previous` to `current` deserves, if any. */
export function flagOf(previous: number, current: number): Flag | undefined {
  if (previous !== 0 && current === 0) return 'zero';
  if (previous === 0) return undefined;
  const moved = Math.abs(current - previous) > Math.abs(previous) * FLAG_RATIO && Math.abs(current - previous) >= FLAG_MIN_DIFF;
  if (!moved) return undefined;
  return digits(previous) !== digits(current) ? 'cifra' : 'terzo';
}

export interface ReviewRow {
  /** The top-level field the row belongs to (`soci`, `km_percorsi`). */
  section: string;
  /** The field as the user finds it in the file: `soci › per_ambito › Nord`; list items by name. */
  field: string;
  /** A figure (a number), a text (a date too), or a list of names shown as one row. */
  kind: 'number' | 'text' | 'list';
  current?: number;
  previous?: number;
  change?: Change;
  /** A text's or a list's value this year and last (a list's items joined by commas). */
  currentText?: string;
  previousText?: string;
  flag?: Flag;
  /** Where the row is in this year's file; for something only last year had, where it would go. */
  at?: Location;
}

export interface Review {
  year: number;
  /** The year compared with, when its file exists. */
  previousYear?: number;
  rows: ReviewRow[];
  /** What the comparison found beyond single rows: this year's warnings (see reviewWarnings). */
  findings: Diagnostic[];
}

type Path = (string | number)[];

/** Fields that are not figures: the year itself, and numbers copied from an old printed deck only to be checked. */
export const notAFigure = (key: string): boolean => key === 'anno' || /_stampat[oa]$/.test(key);
/** Top-level fields that are not about the year's figures: speaker notes, photos and titles change freely. */
const NOT_COMPARED = new Set(['note', 'foto', 'titoli']);
const compared = (key: string | number, depth: number) => typeof key === 'number' || !(notAFigure(key) || (depth === 0 && NOT_COMPARED.has(key)));

interface Leaf {
  /** Path in the file, with list indexes (for locating). */
  path: Path;
  /** Path as shown, with list items named. */
  label: string[];
  value: number | string | string[];
}

const isScalarList = (v: unknown): v is (string | number)[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' || typeof x === 'number');

/** A year's file as rows: each number and text, and each list of names as one row. */
function leaves(value: unknown, path: Path = [], label: string[] = []): Leaf[] {
  if (typeof value === 'number' || typeof value === 'string') return [{ path, label, value }];
  if (isScalarList(value)) return [{ path, label, value: value.map(String) }];
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, [...path, i], [...label, itemName(item, i)]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (compared(k, path.length) ? leaves(v, [...path, k], [...label, k]) : []));
  }
  return [];
}

const labelOf = (leaf: Pick<Leaf, 'label'>) => leaf.label.join(' › ');
const listText = (xs: readonly string[]) => xs.join(', ');

/** The years a text names, the latest first: "2024/25" is the academic year that ends in 2025, "2025" is 2025. */
export function yearsNamed(text: string): number[] {
  const years: number[] = [];
  const dated = text.replace(/\b((?:19|20)\d{2})-\d{2}-\d{2}\b/g, (_m, y: string) => {
    years.push(Number(y));
    return ' ';
  });
  const rest = dated.replace(/\b((?:19|20)\d{2})\s*[/–-]\s*(\d{2}|(?:19|20)\d{2})\b/g, (_m, start: string, end: string) => {
    years.push(end.length === 2 ? Number(start.slice(0, 2) + end) : Number(end));
    return ' ';
  });
  for (const m of rest.matchAll(/\b(?:19|20)\d{2}\b/g)) years.push(Number(m[0]));
  return years.sort((a, b) => b - a);
}

/** A text that names last year as its latest year (and not this one): likely copied and not updated. */
export const namesPreviousYear = (text: string, year: number): boolean => yearsNamed(text)[0] === year - 1;

/** Pairs two years' rows by their shown path; what only last year had comes after, flagged `manca`. */
export function compareYears(current: Year, previous: Year | undefined, locateAt: (path: Path) => Location | undefined = () => undefined, year = current.anno): ReviewRow[] {
  const now = leaves(current);
  const before = new Map(leaves(previous ?? {}).map((l) => [labelOf(l), l]));
  const rows: ReviewRow[] = now.map((l) => {
    const prev = before.get(labelOf(l))?.value;
    before.delete(labelOf(l));
    const base = { section: String(l.path[0]), field: labelOf(l), at: locateAt(l.path) };
    if (typeof l.value === 'number') {
      const p = typeof prev === 'number' ? prev : undefined;
      return { ...base, kind: 'number', current: l.value, previous: p, change: p === undefined ? undefined : change(p, l.value), flag: p === undefined ? undefined : flagOf(p, l.value) };
    }
    const text = typeof l.value === 'string' ? l.value : listText(l.value);
    const prevText = prev === undefined ? undefined : typeof prev === 'object' ? listText(prev) : String(prev);
    const stale = previous !== undefined && typeof l.value === 'string' && namesPreviousYear(l.value, year);
    return { ...base, kind: typeof l.value === 'string' ? 'text' : 'list', currentText: text, previousText: prevText, ...(stale ? { flag: 'anno-vecchio' as const } : {}) };
  });
  for (const [field, l] of before) {
    const kind = typeof l.value === 'number' ? 'number' : typeof l.value === 'string' ? 'text' : 'list';
    rows.push({
      section: field.split(' › ')[0],
      field,
      kind,
      ...(typeof l.value === 'number' ? { previous: l.value } : { previousText: typeof l.value === 'string' ? l.value : listText(l.value) }),
      flag: 'manca',
    });
  }
  return rows;
}

// ---- What last year had and this year lacks ------------------------------------------------------

/** One thing the year before had that this year's file lacks, at the highest level it is missing from. */
export interface Vanished {
  /** Where it was in last year's file (list indexes of last year). */
  path: Path;
  /** Where it would go in this year's file: the path of the field that would hold it (this year's indexes). */
  under: Path;
  /** As shown: `mobilita_sociale › accessi_ospedali_pubblici`, list items by name. */
  field: string;
  /** What it was: a figure, a text, a group of fields, a list item with a name, or some names of a list. */
  was:
    | { kind: 'number'; value: number }
    | { kind: 'text'; value: string }
    | { kind: 'group'; figures: number; section: boolean }
    | { kind: 'item'; name: string; figures: number }
    | { kind: 'names'; names: string[] };
}

const figureCount = (v: unknown): number => leaves(v).filter((l) => typeof l.value === 'number').length;
const named = (item: unknown, i: number) => itemName(item, i);

/** Walks last year's file beside this year's: each field, list item or name last year had and this year lacks.
 * `expected(path, key)` says whether a key is still expected (a district that has ended is not). */
export function vanished(current: unknown, previous: unknown, expected: (path: Path, key: string) => boolean = () => true): Vanished[] {
  const found: Vanished[] = [];
  const walk = (now: unknown, before: unknown, path: Path, under: Path, label: string[]) => {
    if (isScalarList(before)) {
      const have = new Set(isScalarList(now) ? now.map(String) : []);
      const gone = before.map(String).filter((x) => !have.has(x));
      if (gone.length && Array.isArray(now)) found.push({ path, under, field: label.join(' › '), was: { kind: 'names', names: gone } });
      return;
    }
    if (Array.isArray(before)) {
      if (!Array.isArray(now)) return;
      const names = now.map(named);
      before.forEach((item, i) => {
        const name = named(item, i);
        const j = names.indexOf(name);
        // Items without a name are matched by place ("voce 3"); with a name, wherever they are now.
        if (j < 0) found.push({ path: [...path, i], under, field: [...label, name].join(' › '), was: { kind: 'item', name, figures: figureCount(item) } });
        else walk(now[j], item, [...path, i], [...under, j], [...label, name]);
      });
      return;
    }
    if (!before || typeof before !== 'object' || !now || typeof now !== 'object' || Array.isArray(now)) return;
    for (const [key, value] of Object.entries(before)) {
      if (!compared(key, path.length) || !expected(path, key) || value === null || value === undefined) continue;
      const here = [...label, key];
      const next = (now as Record<string, unknown>)[key];
      if (next === undefined || next === null) {
        const was: Vanished['was'] =
          typeof value === 'number'
            ? { kind: 'number', value }
            : typeof value === 'string'
              ? { kind: 'text', value }
              : isScalarList(value)
                ? { kind: 'names', names: value.map(String) }
                : { kind: 'group', figures: figureCount(value), section: path.length === 0 };
        found.push({ path: [...path, key], under: [...under, key], field: here.join(' › '), was });
      } else walk(next, value, [...path, key], [...under, key], here);
    }
  };
  walk(current, previous, [], [], []);
  return found;
}

// ---- The whole review ------------------------------------------------------------------------------

/** Equal figures of the two years, by section: what a copied file looks like. */
function copiedFigures(rows: readonly ReviewRow[]) {
  const both = rows.filter((r) => r.kind === 'number' && r.current !== undefined && r.previous !== undefined);
  const equal = both.filter((r) => r.current === r.previous);
  const all = [...new Set(both.map((r) => r.section))];
  const sections = all.filter((s) => both.filter((r) => r.section === s).every((r) => r.current === r.previous));
  return { compared: both.length, equal: equal.length, sections: sections.length === all.length ? ('all' as const) : sections };
}

/** Where something that vanished would go: the key of the list it was in (a name, a list item), else the
 * key of the deepest field above it that this year's file has (see locateField). */
function whereItGoes(src: SourceDoc, v: Vanished): Location {
  const last = v.under.at(-1);
  if ((v.was.kind === 'names' || v.was.kind === 'item') && typeof last === 'string') return keyLocation(src, v.under.slice(0, -1), last);
  return locateField(src, v.under, YEAR_FIELDS);
}

/** Where a year's file says its year: the `anno:` line. */
const yearLine = (src: SourceDoc) => locate(src, ['anno']);

export function review(ds: Dataset): Review {
  const current = ds.years.get(ds.year)!;
  const previousYear = ds.years.has(ds.year - 1) ? ds.year - 1 : undefined;
  const previous = previousYear ? ds.years.get(previousYear) : undefined;
  const src = ds.sources.get(ds.year);
  const rows = compareYears(current, previous, (p) => (src ? locate(src, p) : undefined), ds.year);
  const findings: Diagnostic[] = [];
  if (!src) return { year: ds.year, previousYear, rows, findings };

  // A key under a district's name is expected only while the district exists.
  const ended = new Set(ds.districts.filter((d) => !existsIn(d, ds.year)).map((d) => d.name));
  const gone = previous ? vanished(current, previous, (_p, key) => !ended.has(key)) : [];
  const goneAt = new Map<string, Location>();
  for (const v of gone) {
    const at = whereItGoes(src, v);
    goneAt.set(v.field, at);
    findings.push(diagnostic('dato-scomparso', msg.vanished(v, ds.year, previousYear!), at, v.field, 'warning'));
  }
  // The rows of what vanished are placed where it would go, so the review page says where to write it.
  for (const r of rows) {
    if (r.flag !== 'manca') continue;
    const key = [...goneAt.keys()].find((f) => r.field === f || r.field.startsWith(`${f} › `));
    if (key) r.at = goneAt.get(key);
  }

  if (previous) {
    const copy = copiedFigures(rows);
    if (copy.compared >= COPY_MIN_FIGURES && copy.equal / copy.compared >= COPY_SHARE) {
      findings.push(diagnostic('copia-anno-precedente', msg.copiedYear(copy.equal, copy.compared, copy.sections, ds.year, previousYear!), yearLine(src), 'anno', 'warning'));
    }
  }

  const date = current.assemblea?.data;
  if (date) {
    const at = locate(src, ['assemblea', 'data']);
    const lastDate = previous?.assemblea?.data;
    const same = lastDate === date;
    const odd = Number(date.slice(0, 4)) !== ds.year + 1;
    if (same) findings.push(diagnostic('data-anno-precedente', msg.assemblySameDate(date, ds.year, previousYear!), at, 'assemblea › data', 'warning'));
    else if (odd) findings.push(diagnostic('data-assemblea-insolita', msg.assemblyOddYear(date, ds.year), at, 'assemblea › data', 'warning'));
    const row = rows.find((r) => r.field === 'assemblea › data');
    if (row && (same || odd)) row.flag = 'anno-vecchio';
  }
  for (const r of rows) {
    if (r.flag === 'anno-vecchio' && r.kind === 'text' && r.at && r.field !== 'assemblea › data')
      findings.push(diagnostic('testo-anno-precedente', msg.textNamesLastYear(r.currentText!, ds.year), r.at, r.field, 'warning'));
  }
  return { year: ds.year, previousYear, rows, findings };
}

export const FLAG_CODE = 'variazione-sospetta';

/** The review's warnings, each at its place in the file: what `check` prints. */
export function reviewWarnings(r: Review): Diagnostic[] {
  const changes = r.rows
    .filter((row) => row.kind === 'number' && (row.flag === 'zero' || row.flag === 'cifra' || row.flag === 'terzo') && row.current !== undefined && row.previous !== undefined)
    .map((row) => diagnostic(FLAG_CODE, msg.suspiciousChange(row.flag as 'zero' | 'cifra' | 'terzo', row.current!, row.previous!, r.year, r.previousYear!), row.at, row.field, 'warning'));
  return [...changes, ...r.findings];
}
