/** What one build may reuse from an earlier one: every memo of the program, in one object that the command
 * makes and hands down. `build` makes new caches, so a second build in one process does what the first
 * did; `dev` keeps one across its rebuilds (an unchanged file, template, slide or chart costs nothing the
 * second time); `check` and its rehearsal of the build share one. No module keeps a cache of its own.
 * Each memo has its own rule for letting go, written beside it. Pure; no I/O. */
import type { TemplateSpecification } from './compile-once.js';
import type { Pooled } from './draw.js';
import type { yearSchema } from './schema.js';
import type { Territory, TerritoryProblem, Topology } from './territory.js';

/** How a memo makes room: `all` forgets everything once full (a long `dev` session whose templates keep
 * changing); `oldest` forgets the one set longest ago; `least-used` the one read longest ago. */
type Rule = 'all' | 'oldest' | 'least-used';

/** Values by a string key, at most `limit` of them; `onForget` is told of each value let go. */
export class Memo<V> {
  private readonly map = new Map<string, V>();
  constructor(
    readonly limit: number,
    readonly rule: Rule,
    private readonly onForget?: (value: V) => void,
  ) {}

  get size(): number {
    return this.map.size;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined && this.rule === 'least-used') {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  /** Keeps `value` under `key` and returns it. */
  set(key: string, value: V): V {
    if (this.rule === 'all' && this.map.size >= this.limit && !this.map.has(key)) this.clear();
    this.map.delete(key);
    this.map.set(key, value);
    if (this.rule !== 'all' && this.map.size > this.limit) {
      const [oldKey, old] = this.map.entries().next().value!;
      this.map.delete(oldKey);
      this.onForget?.(old);
    }
    return value;
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  /** Lets every value go. */
  clear(): void {
    const values = [...this.map.values()];
    this.map.clear();
    if (this.onForget) for (const v of values) this.onForget(v);
  }
}

export interface Caches {
  /** load.ts: the boundaries file last parsed, by its text. It seldom changes, and parsing it was most of
   * the time of loading; the same text gives the same Territory, never modified (so `aspects` holds). */
  boundaries: Memo<{ territory?: Territory; problem?: TerritoryProblem }>;
  /** validate.ts: the year schema of each vocabulary (districts, municipalities, year): building it took as
   * long as validating with it. */
  yearSchemas: Memo<ReturnType<typeof yearSchema>>;
  /** templates.ts: a YAML template (the outline, the chart definitions and kinds) parsed and checked, by its
   * path and text and the schema it was checked with; read only by its users. */
  templates: Memo<{ schema: unknown; result: unknown }>;
  /** compile-once.ts: Handlebars template specs by text and compile options: an outline repeats the same
   * small strings; only the binding to a build's Handlebars instance is per build. */
  compiled: Memo<TemplateSpecification>;
  /** compile-once.ts: Handlebars syntax trees by text (read only: callers walk them). */
  trees: Memo<hbs.AST.Program>;
  /** format.ts: a slide's HTML typeset (no-break spaces, quotes), by its HTML; whole pages are not kept. */
  typeset: Memo<string>;
  /** territory.ts: the boundaries' width over height as drawn (the map slide's layout), by boundaries. */
  aspects: WeakMap<Topology, number>;
  /** charts.ts: each drawing's SVG by its whole input (id, spec, config): rendering is a pure function of it. */
  svgs: Memo<Promise<string>>;
  /** draw.ts: a parsed Vega view per chart shape, its data swapped per chart. The oldest used is finalized
   * when the memo is full; `forgetViews` lets them all go once a build has drawn every chart. */
  views: Memo<Pooled | null>;
  /** Whether the views are kept after a build has drawn its charts: for `dev`, whose next rebuild draws
   * again; a build lets them go before printing and deck.pptx (their memory is the PDFs'). */
  keepViews: boolean;
}

/** A view let go: once the drawings queued on it are done. */
const finalize = (p: Pooled | null) => void p?.queue.then(() => p.view.finalize());

/** New, empty caches; `across: 'rebuilds'` for `dev`, whose views outlive each build. */
export function newCaches(options: { across?: 'rebuilds' } = {}): Caches {
  return {
    boundaries: new Memo(1, 'oldest'),
    yearSchemas: new Memo(16, 'all'),
    templates: new Memo(50, 'all'),
    compiled: new Memo(5_000, 'all'),
    trees: new Memo(5_000, 'all'),
    typeset: new Memo(2_000, 'all'),
    aspects: new WeakMap(),
    svgs: new Memo(100, 'oldest'),
    // Enough for every shape of a deck, slides, phones and handout (the real one has 36).
    views: new Memo(64, 'least-used', finalize),
    keepViews: options.across === 'rebuilds',
  };
}

/** After a build has drawn every chart: its kept views go, unless the caches are kept across rebuilds. */
export function forgetViews(caches: Caches): void {
  if (!caches.keepViews) caches.views.clear();
}
