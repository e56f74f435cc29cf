/** Dataset -> Review: every figure typed for the year beside last year's, the change, and a flag on
 * changes that look like typing errors; and those flags as `check` warnings. Pure; no I/O. */
import { itemName, type Diagnostic, type Location } from './diagnostics.js';
import { change, type Change } from './derive.js';
import { msg } from './messages.js';
import type { Year } from './schema.js';
import { diagnostic, locate } from './source.js';
import type { Dataset } from './validate.js';

/** Why a change looks like a typing error, most telling first:
 *  - `zero`: the figure went to zero;
 *  - `cifra`: it gained or lost a digit (and moved by more than a third: 999 -> 1000 is not a slip);
 *  - `terzo`: it moved by more than a third. */
export type Flag = 'zero' | 'cifra' | 'terzo';

/** "More than a third", as the staff put it. */
export const FLAG_RATIO = 1 / 3;
/** Moves of one or two units (3 conventions becoming 5) are not typing errors, whatever their ratio. */
export const FLAG_MIN_DIFF = 3;

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
  /** The top-level field the figure belongs to (`soci`, `km_percorsi`). */
  section: string;
  /** The figure as the user finds it in the file: `soci › per_ambito › Nord`; list items by name. */
  field: string;
  current?: number;
  previous?: number;
  change?: Change;
  flag?: Flag;
  /** Where the figure is in this year's file (absent for a figure only last year had). */
  at?: Location;
}

export interface Review {
  year: number;
  /** The year compared with, when its file exists. */
  previousYear?: number;
  rows: ReviewRow[];
}

type Path = (string | number)[];

interface Leaf {
  /** Path in the file, with list indexes (for locating). */
  path: Path;
  /** Path as shown, with list items named. */
  label: string[];
  value: number;
}

/** Fields that are not figures: the year itself, and numbers copied from an old printed deck only to be checked. */
export const notAFigure = (key: string): boolean => key === 'anno' || /_stampat[oa]$/.test(key);

function leaves(value: unknown, path: Path = [], label: string[] = []): Leaf[] {
  if (typeof value === 'number') return [{ path, label, value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, [...path, i], [...label, itemName(item, i)]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (notAFigure(k) ? [] : leaves(v, [...path, k], [...label, k])));
  }
  return [];
}

const labelOf = (leaf: Leaf) => leaf.label.join(' › ');

/** Pairs the figures of two years by their shown path; figures only last year had come after, unlocated. */
export function compareYears(current: Year, previous: Year | undefined, locateAt: (path: Path) => Location | undefined = () => undefined): ReviewRow[] {
  const now = leaves(current);
  const before = new Map(leaves(previous ?? {}).map((l) => [labelOf(l), l.value]));
  const rows: ReviewRow[] = now.map((l) => {
    const prev = before.get(labelOf(l));
    before.delete(labelOf(l));
    return {
      section: String(l.path[0]),
      field: labelOf(l),
      current: l.value,
      previous: prev,
      change: prev === undefined ? undefined : change(prev, l.value),
      flag: prev === undefined ? undefined : flagOf(prev, l.value),
      at: locateAt(l.path),
    };
  });
  for (const [field, prev] of before) rows.push({ section: field.split(' › ')[0], field, previous: prev });
  return rows;
}

export function review(ds: Dataset): Review {
  const current = ds.years.get(ds.year)!;
  const previousYear = ds.years.has(ds.year - 1) ? ds.year - 1 : undefined;
  const src = ds.sources.get(ds.year);
  const rows = compareYears(current, previousYear ? ds.years.get(previousYear) : undefined, (p) => (src ? locate(src, p) : undefined));
  return { year: ds.year, previousYear, rows };
}

export const FLAG_CODE = 'variazione-sospetta';

/** The flags as warnings, each at its figure: what `check` prints. */
export function reviewWarnings(r: Review): Diagnostic[] {
  return r.rows
    .filter((row) => row.flag && row.current !== undefined && row.previous !== undefined)
    .map((row) => diagnostic(FLAG_CODE, msg.suspiciousChange(row.flag!, row.current!, row.previous!, r.year, r.previousYear!), row.at, row.field, 'warning'));
}
