/** templates/ folder -> Templates: chart definitions and Vega-Lite specs, the slide outline, Handlebars
 * sources, styles, the deck runtime and the embedded font. Reads the disk; checks the shape of what it reads. */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { NATIVE_FORMS, SHAPES, type NativeForm, type ShapeName } from './chart-shapes.js';
import { PACKAGE_ROOT } from './paths.js';

const chartDef = z.strictObject({
  /** One of the kinds in charts/kinds.yaml (checked when loaded). */
  kind: z.string(),
  source: z.string().optional(),
  groups: z.array(z.strictObject({ name: z.string(), source: z.string() })).optional(),
  scale: z.enum(['shared', 'independent']).optional(),
  year: z.enum(['current', 'previous']).optional(),
  title: z.string(),
  size: z.enum(['full', 'wide', 'half', 'half-short', 'map']),
});

export type ChartDef = z.infer<typeof chartDef> & { id: string };
const CHART_DEFS = z.record(z.string(), chartDef);

/** A kind's entry in charts/kinds.yaml: what a new kind of chart declares beside its spec. */
const kindEntry = z.strictObject({
  shape: z.enum(Object.keys(SHAPES) as [ShapeName, ...ShapeName[]]),
  native: z.enum(Object.keys(NATIVE_FORMS) as [NativeForm, ...NativeForm[]]),
  phone: z.string().regex(/\.vl\.json$/, 'il nome di una specifica in charts/, che finisce in .vl.json').optional(),
});

const KINDS = z.record(z.string(), kindEntry);

export interface ChartSpec {
  file: string;
  text: string;
  spec: object;
}

/** A kind of chart: its spec, how its figures are shaped, its native form in deck.pptx, and its phone
 * drawing when it has one of its own. */
export interface ChartKind extends ChartSpec {
  shape: ShapeName;
  native: NativeForm;
  phone?: ChartSpec;
}

export interface ChartTemplates {
  defs: ChartDef[];
  kinds: Record<string, ChartKind>;
  config: object;
}

/** A mistake in a template file: a developer's error, named with its file and line. */
export class TemplateError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${file}:${line}: ${detail}`, options);
    this.name = 'TemplateError';
  }
}

const shown = (abs: string) => path.relative(PACKAGE_ROOT, abs);

/** A YAML template file, with zod's complaints turned into file:line errors. */
export async function readYamlTemplate<T>(abs: string, schema: z.ZodType<T>): Promise<{ value: T; lineOf: (path: PropertyKey[]) => number }> {
  const text = await readFile(abs, 'utf8');
  // The live preview reads the outline and the chart definitions on every save: an unchanged file is
  // not parsed and checked again (the result is only read, never changed, by its users).
  const key = `${abs}\u0000${text}`;
  const known = parsedTemplates.get(key);
  if (known && known.schema === schema) return known.result as { value: T; lineOf: (path: PropertyKey[]) => number };
  const result = parseYamlTemplate(abs, text, schema);
  if (parsedTemplates.size >= 50) parsedTemplates.clear();
  parsedTemplates.set(key, { schema, result });
  return result;
}

const parsedTemplates = new Map<string, { schema: unknown; result: unknown }>();

function parseYamlTemplate<T>(abs: string, text: string, schema: z.ZodType<T>): { value: T; lineOf: (path: PropertyKey[]) => number } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const lineOf = (p: PropertyKey[]) => {
    const node = doc.getIn(p as unknown[], true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lines.linePos(node.range[0]).line : 1;
  };
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new TemplateError(shown(abs), lines.linePos(e.pos[0]).line, e.message);
  }
  const r = schema.safeParse(doc.toJS());
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new TemplateError(shown(abs), lineOf(issue.path), `${issue.path.join('.')}: ${issue.message}`);
  }
  return { value: r.data, lineOf };
}

async function readSpec(abs: string): Promise<ChartSpec> {
  const text = await readFile(abs, 'utf8').catch((cause: unknown) => {
    throw new TemplateError(shown(abs), 1, 'il file non si legge (manca?)', { cause });
  });
  try {
    return { file: shown(abs), text, spec: JSON.parse(text) as object };
  } catch (cause) {
    throw new TemplateError(shown(abs), 1, 'non è JSON valido', { cause });
  }
}

/** charts/kinds.yaml and the specs it names: every kind has its spec, every spec belongs to a kind. */
async function loadChartKinds(dir: string): Promise<Record<string, ChartKind>> {
  const kindsFile = path.join(dir, 'charts', 'kinds.yaml');
  const { value, lineOf } = await readYamlTemplate(kindsFile, KINDS);
  const kinds: Record<string, ChartKind> = {};
  const files = await readdir(path.join(dir, 'charts'));
  const used = new Set<string>();
  for (const [name, entry] of Object.entries(value)) {
    if (!(SHAPES[entry.shape].natives as readonly string[]).includes(entry.native)) {
      throw new TemplateError(shown(kindsFile), lineOf([name, 'native']), `la forma "${entry.shape}" si disegna solo come: ${SHAPES[entry.shape].natives.join(', ')}`);
    }
    if (!files.includes(`${name}.vl.json`)) {
      throw new TemplateError(shown(kindsFile), lineOf([name]), `manca la specifica charts/${name}.vl.json`);
    }
    const phoneFile = entry.phone && path.join(dir, 'charts', entry.phone);
    kinds[name] = { ...(await readSpec(path.join(dir, 'charts', `${name}.vl.json`))), shape: entry.shape, native: entry.native, phone: phoneFile ? await readSpec(phoneFile) : undefined };
    used.add(`${name}.vl.json`);
    if (entry.phone) used.add(entry.phone);
  }
  for (const file of files) {
    if (file.endsWith('.vl.json') && !used.has(file)) {
      throw new TemplateError(shown(kindsFile), 1, `la specifica charts/${file} non ha una voce in questo file (shape, native)`);
    }
  }
  return kinds;
}

export async function loadChartTemplates(dir = path.join(PACKAGE_ROOT, 'templates')): Promise<ChartTemplates> {
  const kinds = await loadChartKinds(dir);
  const defsFile = path.join(dir, 'charts.yaml');
  const { value, lineOf } = await readYamlTemplate(defsFile, CHART_DEFS);
  const defs = Object.entries(value).map(([id, d]) => ({ ...d, id }));
  for (const d of defs) {
    const kind = kinds[d.kind];
    if (!kind) throw new TemplateError(shown(defsFile), lineOf([d.id, 'kind']), `il tipo "${d.kind}" non c'è in charts/kinds.yaml (tipi: ${Object.keys(kinds).join(', ')})`);
    if (SHAPES[kind.shape].reads === 'groups' ? !d.groups?.length : !d.source) {
      throw new TemplateError(shown(defsFile), lineOf([d.id]), `il grafico "${d.id}" non dice da dove prendere i dati (${SHAPES[kind.shape].reads === 'groups' ? 'groups' : 'source'})`);
    }
  }
  const config = JSON.parse(await readFile(path.join(dir, 'charts', 'config.json'), 'utf8')) as object;
  return { defs, kinds, config };
}

const require = createRequire(import.meta.url);

/** The embedded font: Titillium Web (SIL OFL), from @fontsource, as base64 WOFF2 by weight. */
export async function loadFonts(): Promise<{ weight: number; style: string; base64: string }[]> {
  const dir = path.dirname(require.resolve('@fontsource/titillium-web/package.json'));
  const faces = [
    { weight: 400, style: 'normal' },
    { weight: 600, style: 'normal' },
    { weight: 700, style: 'normal' },
    { weight: 400, style: 'italic' },
  ];
  return Promise.all(
    faces.map(async (f) => ({
      ...f,
      base64: (await readFile(path.join(dir, 'files', `titillium-web-latin-${f.weight}-${f.style}.woff2`))).toString('base64'),
    })),
  );
}

const slideEntry = z.looseObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  kind: z.string(),
  section: z.string(),
  title: z.string(),
  needs: z.array(z.string()).optional(),
  field: z.string().optional(),
  each: z.string().optional(),
  chart: z.string().optional(),
  items: z.string().optional(),
  /** `_stampato` fields (as dotted paths in the year file) whose figure the slide shows. */
  printed: z.array(z.string()).optional(),
  printedYears: z.enum(['current', 'previous', 'both', 'all']).optional(),
});

export type SlideEntry = z.infer<typeof slideEntry>;
const OUTLINE = z.array(slideEntry);

export interface TemplateSource {
  file: string;
  text: string;
}

export interface PageTemplates {
  outline: { entries: SlideEntry[]; file: string; lineOf: (path: PropertyKey[]) => number };
  /** Partials by name: `slides/chart`, `facts`... (file path without .hbs, relative to templates/partials or templates/). */
  partials: Record<string, TemplateSource>;
  /** Whole pages by output name: `deck.html`, `report.html`. */
  pages: Record<string, TemplateSource>;
  /** Stylesheets and scripts by name, inlined into the pages. */
  style: Record<string, string>;
  script: Record<string, string>;
}

async function readTree(dir: string, ext: string, prefix = ''): Promise<Record<string, TemplateSource>> {
  const out: Record<string, TemplateSource> = {};
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) Object.assign(out, await readTree(abs, ext, `${prefix}${e.name}/`));
    else if (e.name.endsWith(ext)) out[`${prefix}${e.name.slice(0, -ext.length)}`] = { file: shown(abs), text: await readFile(abs, 'utf8') };
  }
  return out;
}

/** templates/slides.yaml: the deck's outline, checked (unique ids). `check` reads it to know which slides the data leaves out. */
export async function loadOutline(dir = path.join(PACKAGE_ROOT, 'templates')): Promise<PageTemplates['outline']> {
  const outlineFile = path.join(dir, 'slides.yaml');
  const { value, lineOf } = await readYamlTemplate(outlineFile, OUTLINE);
  const seen = new Set<string>();
  value.forEach((e, i) => {
    if (seen.has(e.id)) throw new TemplateError(shown(outlineFile), lineOf([i, 'id']), `l'id "${e.id}" è già usato da un'altra diapositiva`);
    seen.add(e.id);
  });
  return { entries: value, file: shown(outlineFile), lineOf };
}

export async function loadPageTemplates(dir = path.join(PACKAGE_ROOT, 'templates')): Promise<PageTemplates> {
  const outline = await loadOutline(dir);
  const partials = { ...(await readTree(path.join(dir, 'partials'), '.hbs')), ...(await readTree(path.join(dir, 'slides'), '.hbs', 'slides/')) };
  const pages: Record<string, TemplateSource> = {};
  for (const [name, src] of Object.entries(await readTree(path.join(dir, 'pages'), '.hbs'))) pages[name] = src;
  // Pages only the printer sees (the handout); never written as outputs.
  for (const [name, src] of Object.entries(await readTree(path.join(dir, 'print'), '.hbs'))) pages[`print/${name}`] = src;
  const style: Record<string, string> = {};
  const script: Record<string, string> = {};
  // Stylesheets and scripts are keyed by their base name: templates/deck/frame.css is `style.frame`.
  for (const folder of ['deck', 'report', 'print', 'review']) {
    const abs = path.join(dir, folder);
    if (!(await readdir(abs).catch(() => null))) continue;
    for (const [name, src] of Object.entries(await readTree(abs, '.css'))) style[path.basename(name)] = src.text;
    for (const [name, src] of Object.entries(await readTree(abs, '.js'))) script[path.basename(name)] = src.text;
  }
  return { outline, partials, pages, style, script };
}
