/** templates/ folder -> Templates: chart definitions and Vega-Lite specs, the slide outline, Handlebars
 * sources, styles, the deck runtime and the embedded font. Reads the disk; checks the shape of what it reads. */

import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Caches } from './caches.js';
import { NATIVE_FORMS, type NativeForm, SHAPES, type ShapeName } from './chart-shapes.js';
import type { Code } from './codes.js';
import { type Diagnostic, DiagnosticsError, diagnostic, fieldPath, sortDiagnostics } from './diagnostics.js';
import { type Text, themeMsg } from './messages.js';
import { PACKAGE_ROOT, TEMPLATES_DIR } from './paths.js';
import { yamlTemplateProblem } from './source.js';
import { closest } from './suggest.js';
import { validateSource } from './validate.js';

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

/** A kind's entry in charts/kinds.yaml: what a new kind of chart declares beside its spec. */
const kindEntry = z.strictObject({
  shape: z.enum(Object.keys(SHAPES) as [ShapeName, ...ShapeName[]]),
  native: z.enum(Object.keys(NATIVE_FORMS) as [NativeForm, ...NativeForm[]]),
  phone: z
    .string()
    .regex(/\.vl\.json$/, 'il nome di una specifica in charts/, che finisce in .vl.json')
    .optional(),
  /** A spec for more districts than the kind's own drawing holds (the shaper says when: `variant: 'many'`). */
  many: z
    .string()
    .regex(/\.vl\.json$/, 'il nome di una specifica in charts/, che finisce in .vl.json')
    .optional(),
});
/** The files' schemas, made once: readYamlTemplate reuses a parsed file only for the same schema. */
const CHART_DEFS = z.record(z.string(), chartDef);
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
  many?: ChartSpec;
}

export interface ChartTemplates {
  defs: ChartDef[];
  kinds: Record<string, ChartKind>;
  config: object;
  /** Where the definitions are (charts.yaml, or the data folder's modelli/charts.yaml): check locates a
   * source that names no figure. */
  defsAt?: { file: string; posOf: (path: PropertyKey[]) => { line: number; col: number } };
}

/** A mistake in a template file (the package's, or the data folder's modelli/): a located Diagnostic, so
 * that the CLI's one catch prints it in the house format and exits 1, never with a stack trace. */
export class TemplateError extends DiagnosticsError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
    /** `diagnostics`: the mistakes themselves, already located (the first is the one at file:line). */
    options?: ErrorOptions & { col?: number; code?: Code; text?: Text; diagnostics?: Diagnostic[] },
  ) {
    super(options?.diagnostics ?? [{ code: options?.code ?? 'modello-errato', severity: 'error', ...(options?.text ?? themeMsg.templateMistake(detail)), at: { file, line, col: options?.col ?? 1 } }]);
    this.name = 'TemplateError';
    // For a developer reading a thrown error: where and what, as before it became a Diagnostic.
    this.message = `${file}:${line}: ${detail}`;
    if (options && 'cause' in options) this.cause = options.cause;
  }
}

/** Handlebars' own complaint (English, with a position inside the template text) -> a TemplateError in
 * Italian at the file's line: `lineOffset` is the line where the template text starts in its file (a text
 * inside slides.yaml), less one. */
export function handlebarsError(file: string, cause: unknown, offset: number | { line: number; col: number } = 0, helpers: readonly string[] = []): TemplateError {
  const lineOffset = typeof offset === 'number' ? offset : offset.line - 1;
  // On the text's first line, a column inside the text is one more on the file's line, where the text starts.
  const colIn = (line: number, col: number) => (typeof offset === 'object' && line === 1 ? col + offset.col - 1 : col);
  if (cause instanceof TemplateError) {
    // A helper's refusal carries its line inside the text: move it to the file's line.
    return lineOffset && cause.file === file ? new TemplateError(file, cause.line + lineOffset, cause.detail, { cause, col: colIn(cause.line, cause.diagnostics[0].at?.col ?? 1) }) : cause;
  }
  const e = cause as { lineNumber?: number; column?: number; message: string };
  const message = String(e?.message ?? cause);
  const pos = /- (\d+):(\d+)$/.exec(message);
  const line = e.lineNumber ?? Number(/Parse error on line (\d+)/.exec(message)?.[1] ?? pos?.[1] ?? 1);
  const col = pos ? Number(pos[2]) + 1 : 1;
  let detail = message
    .split('\n')[0]
    .replace(/ in \[object Object\]/, '')
    .replace(/ - \d+:\d+$/, '');
  const helper = /unknown helper (\S+)/.exec(message)?.[1];
  const missing = /"([^"]+)" not defined/.exec(message)?.[1];
  const partial = /The partial (\S+) could not be found/.exec(message)?.[1];
  if (helper) {
    const letters = (w: string) => [...w].sort().join('');
    const near = closest(helper, helpers) ?? helpers.find((h) => letters(h) === letters(helper));
    detail = `{{${helper} …}}: questo aiuto non esiste${near ? ` (forse {{${near} …}}?)` : ''}; gli aiuti sono: ${helpers.join(', ')}`;
  } else if (missing) {
    detail = `«${missing}» non è un dato conosciuto (un nome scritto male, o un dato facoltativo da mettere dentro {{#if}})`;
  } else if (partial) {
    detail = `il partial «${partial}» non esiste`;
  } else if (/^Parse error/.test(message)) {
    const near = message.split('\n')[1]?.trim();
    detail = `sintassi non valida${near ? ` vicino a «${near}»` : ''}: ogni {{ vuole le sue }}, ogni {{#blocco}} il suo {{/blocco}}`;
  } else if (/doesn't match/.test(message)) {
    detail = `un blocco non è chiuso dal suo nome (${message.split('\n')[0].replace(/ - \d+:\d+$/, '')})`;
  }
  return new TemplateError(file, line + lineOffset, detail, { cause, col: colIn(line, col) });
}

/** Where templates are read from: the package's folder, and over it the data folder's modelli/, whose
 * files take the place of the package's with the same relative path. */
export interface TemplateRoots {
  /** The package's templates/ (tests may point it at a copy). */
  base: string;
  /** The data folder's modelli/ (it need not exist). */
  own?: string;
  /** The working folder: a data folder's file is named relative to it, as data files are. */
  cwd?: string;
}

export const MODELS_DIR = 'modelli';

const shown = (abs: string) => path.relative(PACKAGE_ROOT, abs);

/** The roots a command reads templates from. */
export function templateRoots(config: { templatesDir?: string; dataDir?: string; cwd?: string }): TemplateRoots {
  return { base: config.templatesDir ?? TEMPLATES_DIR, own: config.dataDir ? path.join(config.dataDir, MODELS_DIR) : undefined, cwd: config.cwd };
}

const rootsOf = (r: string | TemplateRoots | undefined): TemplateRoots => (typeof r === 'string' ? { base: r } : (r ?? { base: TEMPLATES_DIR }));

const isFile = (abs: string) =>
  stat(abs).then(
    (s) => s.isFile(),
    () => false,
  );

/** One template file by its path under templates/: the data folder's when it has one, else the package's. */
async function pick(roots: TemplateRoots, rel: string): Promise<{ abs: string; file: string }> {
  if (roots.own) {
    const abs = path.join(roots.own, rel);
    if (await isFile(abs)) return { abs, file: path.relative(roots.cwd ?? process.cwd(), abs) || abs };
  }
  const abs = path.join(roots.base, rel);
  return { abs, file: shown(abs) };
}

/** Every file under `dir`, as paths relative to it with forward slashes. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** The data folder's modelli/ files that take the place of one of the package's, by their path under it. */
export async function ownTemplates(rootsIn: TemplateRoots): Promise<string[]> {
  const roots = rootsOf(rootsIn);
  if (!roots.own) return [];
  const own = await filesUnder(roots.own);
  if (!own.length) return [];
  const known = new Set(await filesUnder(roots.base));
  return own.filter((rel) => known.has(rel));
}

/** The data folder's modelli/ files that replace nothing in the package: a warning each, naming the
 * package file it most likely meant (same name in another folder, or a near spelling). They are not used. */
export async function strayTemplates(rootsIn: TemplateRoots): Promise<Diagnostic[]> {
  const roots = rootsOf(rootsIn);
  if (!roots.own) return [];
  const own = await filesUnder(roots.own);
  if (!own.length) return [];
  const known = await filesUnder(roots.base);
  const have = new Set(known);
  return own
    .filter((rel) => !have.has(rel) && !/(^|\/)\./.test(rel))
    .map((rel) => {
      const file = path.relative(roots.cwd ?? process.cwd(), path.join(roots.own!, rel));
      const sameName = known.filter((k) => path.posix.basename(k) === path.posix.basename(rel));
      const near = sameName.length === 1 ? sameName[0] : closest(rel, known);
      return diagnostic('modello-senza-originale', themeMsg.strayTemplate(file, near && `${MODELS_DIR}/${near}`), { file, line: 1, col: 1 }, undefined, 'warning');
    });
}

/** Whether the handout and the web report, as this network's templates make them, show the site's address
 * (`{{site.…}}`: the QR code and the address on the handout, the report's full address for sharing). */
export async function pagesUsingSite(rootsIn: TemplateRoots): Promise<{ handout: boolean; report: boolean }> {
  const roots = rootsOf(rootsIn);
  const uses = async (rel: string) => /\{\{[^}]*\bsite\.\w/.test(await readFile((await pick(roots, rel)).abs, 'utf8').catch(() => ''));
  const [handout, report] = await Promise.all([uses('print/handout.html.hbs'), uses('pages/report.html.hbs')]);
  return { handout, report };
}

/** A YAML template file, with zod's complaints turned into file:line errors. */
export async function readYamlTemplate<T>(
  where: string | { abs: string; file: string },
  schema: z.ZodType<T>,
  caches?: Pick<Caches, 'templates'>,
): Promise<{ value: T; lineOf: (path: PropertyKey[]) => number; posOf: (path: PropertyKey[]) => { line: number; col: number }; file: string }> {
  const { abs, file } = typeof where === 'string' ? { abs: where, file: shown(where) } : where;
  const text = await readFile(abs, 'utf8');
  // The live preview reads the outline and the chart definitions on every save: an unchanged file is
  // not parsed and checked again (the result is only read, never changed, by its users).
  const key = `${abs}\u0000${file}\u0000${text}`;
  const known = caches?.templates.get(key);
  if (known && known.schema === schema) return known.result as ParsedTemplate<T>;
  const result = parseYamlTemplate(file, text, schema);
  caches?.templates.set(key, { schema, result });
  return result;
}

type ParsedTemplate<T> = { value: T; lineOf: (path: PropertyKey[]) => number; posOf: (path: PropertyKey[]) => { line: number; col: number }; file: string };

function parseYamlTemplate<T>(file: string, text: string, schema: z.ZodType<T>): ParsedTemplate<T> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const lineOf = (p: PropertyKey[]) => {
    const node = doc.getIn(p as unknown[], true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lines.linePos(node.range[0]).line : 1;
  };
  /** Where a text's first character is: after the quote of a quoted scalar; a block scalar's text starts on the next line. */
  const posOf = (p: PropertyKey[]) => {
    const node = doc.getIn(p as unknown[], true) as { range?: [number, number, number]; type?: string } | undefined;
    if (!node?.range) return { line: 1, col: 1 };
    const at = lines.linePos(node.range[0]);
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return { line: at.line + 1, col: 1 };
    return { line: at.line, col: at.col + (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0) };
  };
  if (doc.errors.length) {
    // In the words, and with the codes, of a year file's YAML mistakes (source.ts).
    const found = yamlTemplateProblem(file, text);
    if (found?.at) throw new TemplateError(file, found.at.line, found.message, { col: found.at.col, code: found.code, text: { message: found.message, hint: found.hint } });
    const e = doc.errors[0];
    const at = lines.linePos(e.pos[0]);
    throw new TemplateError(file, at.line, e.message.split('\n')[0], { col: at.col });
  }
  // Checked as a data file is (validate.ts): every mistake at its line and column, in the same words.
  const r = validateSource(schema, { file, text, doc, lines, value: doc.toJS() });
  if (r.value === undefined) throw templateMistakes(file, r.diagnostics);
  return { value: r.value, lineOf, posOf, file };
}

/** A template's located diagnostics (the first one first) as the one error the CLI's catch prints. */
function templateMistakes(file: string, diagnostics: Diagnostic[]): TemplateError {
  const sorted = sortDiagnostics(diagnostics);
  const at = sorted[0]?.at ?? { file, line: 1, col: 1 };
  return new TemplateError(at.file, at.line, sorted[0]?.message ?? '', { col: at.col, diagnostics: sorted });
}

/** A JSON template's text -> its value, or a TemplateError at the line and column where it stops being JSON. */
export function parseJsonTemplate(text: string, file: string): object {
  try {
    return JSON.parse(text) as object;
  } catch (cause) {
    const m = /at position (\d+)/.exec((cause as Error).message);
    const before = m ? text.slice(0, Number(m[1])) : '';
    const lines = before.split('\n');
    const line = m ? lines.length : Number(/line (\d+)/.exec((cause as Error).message)?.[1] ?? 1);
    const col = m ? lines[lines.length - 1].length + 1 : Number(/column (\d+)/.exec((cause as Error).message)?.[1] ?? 1);
    throw new TemplateError(file, line, `non è JSON valido (${(cause as Error).message})`, { cause, col });
  }
}

/** A chart spec by its path under templates/ (the data folder's modelli/ first). */
async function readSpec(roots: TemplateRoots, rel: string): Promise<ChartSpec> {
  const { abs, file } = await pick(roots, rel);
  const text = await readFile(abs, 'utf8').catch((cause: unknown) => {
    throw new TemplateError(file, 1, 'il file non si legge (manca?)', { cause });
  });
  return { file, text, spec: parseJsonTemplate(text, file) };
}

/** charts/kinds.yaml and the specs it names: every kind has its spec, every spec belongs to a kind. */
async function loadChartKinds(roots: TemplateRoots, caches?: Pick<Caches, 'templates'>): Promise<Record<string, ChartKind>> {
  const kindsFile = await pick(roots, 'charts/kinds.yaml');
  const { value, lineOf, file: kindsShown } = await readYamlTemplate(kindsFile, KINDS, caches);
  const kinds: Record<string, ChartKind> = {};
  const files = await readdir(path.join(roots.base, 'charts'));
  const used = new Set<string>();
  for (const [name, entry] of Object.entries(value)) {
    if (!(SHAPES[entry.shape].natives as readonly string[]).includes(entry.native)) {
      throw new TemplateError(kindsShown, lineOf([name, 'native']), `la forma "${entry.shape}" si disegna solo come: ${SHAPES[entry.shape].natives.join(', ')}`);
    }
    if (!files.includes(`${name}.vl.json`)) {
      throw new TemplateError(kindsShown, lineOf([name]), `manca la specifica charts/${name}.vl.json`);
    }
    kinds[name] = {
      ...(await readSpec(roots, `charts/${name}.vl.json`)),
      shape: entry.shape,
      native: entry.native,
      phone: entry.phone ? await readSpec(roots, `charts/${entry.phone}`) : undefined,
      many: entry.many ? await readSpec(roots, `charts/${entry.many}`) : undefined,
    };
    used.add(`${name}.vl.json`);
    if (entry.phone) used.add(entry.phone);
    if (entry.many) used.add(entry.many);
  }
  for (const file of files) {
    if (file.endsWith('.vl.json') && !used.has(file)) {
      throw new TemplateError(kindsShown, 1, `la specifica charts/${file} non ha una voce in questo file (shape, native)`);
    }
  }
  return kinds;
}

export async function loadChartTemplates(dirOrRoots?: string | TemplateRoots, caches?: Pick<Caches, 'templates'>): Promise<ChartTemplates> {
  const roots = rootsOf(dirOrRoots);
  const kinds = await loadChartKinds(roots, caches);
  const defsFile = await pick(roots, 'charts.yaml');
  const { value, lineOf, posOf } = await readYamlTemplate(defsFile, CHART_DEFS, caches);
  const defs = Object.entries(value).map(([id, d]) => ({ ...d, id }));
  for (const d of defs) {
    const kind = kinds[d.kind];
    if (!kind) throw new TemplateError(defsFile.file, lineOf([d.id, 'kind']), `il tipo "${d.kind}" non c'è in charts/kinds.yaml (tipi: ${Object.keys(kinds).join(', ')})`);
    if (SHAPES[kind.shape].reads === 'groups' ? !d.groups?.length : !d.source) {
      throw new TemplateError(defsFile.file, lineOf([d.id]), `il grafico "${d.id}" non dice da dove prendere i dati (${SHAPES[kind.shape].reads === 'groups' ? 'groups' : 'source'})`);
    }
  }
  const configFile = await pick(roots, 'charts/config.json');
  const config = parseJsonTemplate(await readFile(configFile.abs, 'utf8'), configFile.file);
  return { defs, kinds, config, defsAt: { file: defsFile.file, posOf } };
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

/** Titillium Web's faces for deck.pptx to embed (regular, bold, italic: the faces PowerPoint keeps), as
 * @fontsource ships them in WOFF; pptx-fonts.ts makes them what PowerPoint embeds. */
export async function loadPptxFonts(): Promise<{ regular: Uint8Array; bold: Uint8Array; italic: Uint8Array }> {
  const dir = path.join(path.dirname(require.resolve('@fontsource/titillium-web/package.json')), 'files');
  const [regular, bold, italic] = await Promise.all(['400-normal', '700-normal', '400-italic'].map((f) => readFile(path.join(dir, `titillium-web-latin-${f}.woff`))));
  return { regular, bold, italic };
}

/** A figure a slide shows: a template over the figures ("{{num summer.enrolled}}") or a number as it is. */
const figureText = () => z.union([z.string(), z.number()]);

/** An entry of the outline: the fields the program reads, and the ones its slide kinds read (`slide.<name>`
 * in templates/slides/ and partials/). Any other key is a mistake, reported at its line, unless a slide
 * template of the network's own reads it (loadOutline). */
const slideEntry = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  kind: z.string(),
  section: z.string(),
  /** The one or two words above a content slide's title; without it, the section's name. */
  kicker: z.string().optional(),
  title: z.string(),
  /** A sentence for the speaker notes, a template over the figures. */
  note: z.string().optional(),
  needs: z.array(z.string()).optional(),
  field: z.string().optional(),
  each: z.string().optional(),
  chart: z.string().optional(),
  items: z.string().optional(),
  /** `_stampato` fields (as dotted paths in the year file) whose figure the slide shows. */
  printed: z.array(z.string()).optional(),
  printedYears: z.enum(['current', 'previous', 'both', 'all']).optional(),
  /** A section only some networks have: `true`, left out without a warning when its data are absent;
   * a figure path, without a warning unless that figure is there (the network has the section). */
  optional: z.union([z.literal(true), z.string()]).optional(),
  // What the kinds of slide show (templates/slides/*.hbs; pptx.ts draws the same).
  /** big-number: the figure, the words beside it, a sentence under them. */
  value: figureText().optional(),
  label: z.string().optional(),
  text: z.string().optional(),
  /** chart: a sentence under the chart, beside what it says of (the parts of its last bar). */
  caption: z.string().optional(),
  /** list: the words above the list, the unit after each count, the list in columns. */
  lead: z.string().optional(),
  unit: z.string().optional(),
  columns: z.boolean().optional(),
  /** Figures beside a chart or a list, each with its words. */
  facts: z.array(z.strictObject({ value: figureText(), label: z.string().optional() })).optional(),
  /** big-number: part and whole, drawn as a grid of squares (render.ts squaresOf). */
  share: z.strictObject({ part: figureText(), whole: figureText() }).optional(),
  /** chart: a whole split in its parts, one bar beside the chart (render.ts splitOf). */
  split: z.strictObject({ title: z.string().optional(), parts: z.array(z.strictObject({ value: figureText(), label: z.string().optional(), detail: z.string().optional() })) }).optional(),
  /** brief: the words for each headline key of its items. */
  labels: z.record(z.string(), z.string()).optional(),
});

/** An entry, with whatever a network's own slide templates read besides. */
export type SlideEntry = z.infer<typeof slideEntry> & Record<string, unknown>;

/** The outline's schema when the slide templates also read `extra` names. One schema per set of names,
 * so that readYamlTemplate knows an unchanged outline checked against the same schema. */
const outlineSchemas = new Map<string, z.ZodType<SlideEntry[]>>();
function outlineSchema(extra: readonly string[]): z.ZodType<SlideEntry[]> {
  const key = extra.join(' ');
  let schema = outlineSchemas.get(key);
  if (!schema) {
    const read: Record<string, z.ZodOptional<z.ZodUnknown>> = Object.fromEntries(extra.map((name) => [name, z.unknown().optional()]));
    schema = z.array(slideEntry.extend(read)) as unknown as z.ZodType<SlideEntry[]>;
    outlineSchemas.set(key, schema);
  }
  return schema;
}

/** The names the slide templates read from their entry (`slide.<name>`, `@root.slide.<name>`), from the
 * data folder's modelli/ where it has its own, that the outline's schema does not declare. */
async function namesReadBySlides(roots: TemplateRoots): Promise<string[]> {
  const names = new Set<string>();
  for (const sub of ['slides', 'partials']) {
    for (const rel of (await filesUnder(path.join(roots.base, sub))).filter((n) => n.endsWith('.hbs'))) {
      const { abs } = await pick(roots, `${sub}/${rel}`);
      for (const m of (await readFile(abs, 'utf8')).matchAll(/\bslide\.([A-Za-z_][\w-]*)/g)) names.add(m[1]);
    }
  }
  return [...names].filter((n) => !(n in slideEntry.shape)).sort();
}

export interface TemplateSource {
  file: string;
  text: string;
}

export interface PageTemplates {
  outline: { entries: SlideEntry[]; file: string; lineOf: (path: PropertyKey[]) => number; posOf?: (path: PropertyKey[]) => { line: number; col: number } };
  /** Partials by name: `slides/chart`, `facts`... (file path without .hbs, relative to templates/partials or templates/). */
  partials: Record<string, TemplateSource>;
  /** Whole pages by output name: `deck.html`, `report.html`. */
  pages: Record<string, TemplateSource>;
  /** Stylesheets and scripts by name, inlined into the pages. */
  style: Record<string, string>;
  script: Record<string, string>;
}

/** The package's files under `sub` ending in `ext`, each read from the data folder's modelli/ when it has
 * its own: by name without the extension, prefixed. */
async function readTree(roots: TemplateRoots, sub: string, ext: string, prefix = ''): Promise<Record<string, TemplateSource>> {
  const out: Record<string, TemplateSource> = {};
  const names = (await filesUnder(path.join(roots.base, sub))).filter((n) => n.endsWith(ext)).sort();
  for (const rel of names) {
    const { abs, file } = await pick(roots, `${sub}/${rel}`);
    out[`${prefix}${rel.slice(0, -ext.length)}`] = { file, text: await readFile(abs, 'utf8') };
  }
  return out;
}

/** templates/slides.yaml (or the data folder's modelli/slides.yaml): the deck's outline, checked (unique
 * ids). `check` reads it to know which slides the data leaves out. */
export async function loadOutline(dirOrRoots?: string | TemplateRoots, caches?: Pick<Caches, 'templates'>): Promise<PageTemplates['outline']> {
  const roots = rootsOf(dirOrRoots);
  const outlineFile = await pick(roots, 'slides.yaml');
  const { value, lineOf, posOf, file } = await readYamlTemplate(outlineFile, outlineSchema(await namesReadBySlides(roots)), caches);
  // Every kind is a slide template of the package (a network may change one, not add one).
  const kinds = (await filesUnder(path.join(roots.base, 'slides'))).filter((n) => n.endsWith('.hbs')).map((n) => n.slice(0, -'.hbs'.length));
  const mistakes: Diagnostic[] = [];
  const seen = new Set<string>();
  value.forEach((e, i) => {
    if (kinds.length && !kinds.includes(e.kind)) {
      mistakes.push(diagnostic('valore-non-ammesso', themeMsg.unknownSlideKind(e.kind, kinds, closest(e.kind, kinds)), { file, ...posOf([i, 'kind']) }, fieldPath([i, 'kind'], value)));
    }
    if (seen.has(e.id)) {
      mistakes.push(diagnostic('modello-errato', themeMsg.templateMistake(`l'id "${e.id}" è già usato da un'altra diapositiva`), { file, ...posOf([i, 'id']) }));
    }
    seen.add(e.id);
  });
  if (mistakes.length) throw templateMistakes(file, mistakes);
  return { entries: value, file, lineOf, posOf };
}

export async function loadPageTemplates(dirOrRoots?: string | TemplateRoots, caches?: Pick<Caches, 'templates'>): Promise<PageTemplates> {
  const roots = rootsOf(dirOrRoots);
  const outline = await loadOutline(roots, caches);
  const partials = { ...(await readTree(roots, 'partials', '.hbs')), ...(await readTree(roots, 'slides', '.hbs', 'slides/')) };
  const pages: Record<string, TemplateSource> = {};
  for (const [name, src] of Object.entries(await readTree(roots, 'pages', '.hbs'))) pages[name] = src;
  // Pages only the printer sees (the handout); never written as outputs.
  for (const [name, src] of Object.entries(await readTree(roots, 'print', '.hbs'))) pages[`print/${name}`] = src;
  const style: Record<string, string> = {};
  const script: Record<string, string> = {};
  // Stylesheets and scripts are keyed by their base name: templates/deck/frame.css is `style.frame`.
  for (const folder of ['deck', 'report', 'print', 'review']) {
    for (const [name, src] of Object.entries(await readTree(roots, folder, '.css'))) style[path.basename(name)] = src.text;
    for (const [name, src] of Object.entries(await readTree(roots, folder, '.js'))) script[path.basename(name)] = src.text;
  }
  return { outline, partials, pages, style, script };
}
