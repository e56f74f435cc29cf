/** The commands other than `check`: each wires stages together and returns an Outcome (what to tell the
 * user, the diagnostics to show, the exit code). Nothing here prints a diagnostic: cli.ts does, in one place. */
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from './build.js';
import { type Config, UsageError } from './config.js';
import { buildContext } from './context.js';
import { type Diagnostic, diagnostic, stopOnErrors } from './diagnostics.js';
import { firstYearSkeleton, networkSkeleton } from './init.js';
import { load, NETWORK_FILE } from './load.js';
import { msg, type OpenFor, say, usageMsg } from './messages.js';
import { newYearFile } from './new-year.js';
import { PACKAGE_ROOT } from './paths.js';
import { jsonSchemas, networkSchema, yearSchema } from './schema.js';
import { validate, vocabularyOf } from './validate.js';

export const SCHEMA_DIR = 'schema';

/** The JSON Schemas editors read, as text, for the data folder's current districts and the geo names. */
export async function schemaTexts(config: Pick<Config, 'dataDir' | 'cwd'>): Promise<Record<string, string>> {
  const loaded = await load({ dataDir: config.dataDir, cwd: config.cwd });
  // The schemas need only rete.yaml (its districts) and the boundaries; year files may not exist yet.
  const aboutNetwork = (d: Diagnostic) => d.code === 'cartella-assente' || Boolean(d.at?.file.endsWith(NETWORK_FILE));
  stopOnErrors([...loaded.diagnostics.filter(aboutNetwork), ...validate({ ...loaded, years: [] }).diagnostics]);
  const network = networkSchema().parse(loaded.network!.value);
  const schemas = jsonSchemas(vocabularyOf(network, loaded.territory));
  const text = (o: object) => `${JSON.stringify(o, null, 2)}\n`;
  return { 'anno.schema.json': text(schemas.anno), 'rete.schema.json': text(schemas.rete) };
}

/** What a command ends with, for cli.ts to print: lines for stdout (or a JSON summary), the warnings of a
 * build (grouped, with the file they are counted against), and the exit code. */
export interface Outcome {
  code: number;
  lines?: string[];
  json?: object;
  warnings?: { diagnostics: Diagnostic[]; mainFile?: string; reviewPage?: string };
}

/** What a running command says while it runs: progress and the live preview's news, and diagnostics found
 * on the way (the live preview's rebuilds), which cli.ts formats. */
export interface Hooks {
  /** A line for stdout (the live preview's address). */
  out: (line: string) => void;
  /** A line for stderr (progress, the live preview's rebuilds). */
  err: (line: string) => void;
  diagnostics: (list: readonly Diagnostic[]) => void;
}

async function runSchema(config: Config): Promise<Outcome> {
  const texts = await schemaTexts(config);
  const dir = path.join(config.dataDir, SCHEMA_DIR);
  await mkdir(dir, { recursive: true });
  const lines: string[] = [];
  for (const [name, text] of Object.entries(texts)) {
    await writeFile(path.join(dir, name), text);
    lines.push(`Scritto ${path.relative(config.cwd, path.join(dir, name))}`);
  }
  return { code: 0, lines };
}

/** The year's file as diagnostics name it (relative to the working folder). */
const yearFile = (config: Config, year: number) => path.relative(config.cwd, path.join(config.dataDir, `${year}.yaml`));

/** What to open after a build, by what it made: the deck first. */
const NEXT_STEPS: [string, OpenFor][] = [
  ['deck.html', 'present'],
  ['report.html', 'site'],
  ['handout.pdf', 'print'],
  ['deck.pptx', 'edit'],
];

async function runBuild(config: Config, hooks: Hooks): Promise<Outcome> {
  const t0 = performance.now();
  // Each step as it ends, on a terminal only: a log file or a pipe gets the result, not the progress.
  const progress = (step: string, ms: number) => {
    if (config.interactive) hooks.err(say.step(step, ms));
  };
  const r = await whileNotStopped((signal) => build(config, buildContext(config, { progress, signal })));
  const totalMs = performance.now() - t0;
  const dir = path.relative(config.cwd, r.outputDir) || r.outputDir;
  const code = config.strict && r.diagnostics.length ? 1 : 0;
  if (config.json) {
    const ms = (n: number) => Math.round(n * 10) / 10;
    // `diagnostics`, as check --json and a failed build call the same list.
    const summary = {
      ok: true,
      year: r.year,
      output: dir,
      files: r.files,
      kept: r.kept ?? [],
      stale: r.stale ?? [],
      diagnostics: r.diagnostics,
      timings: r.timings.map((t) => ({ step: t.step, ms: ms(t.ms) })),
      totalMs: ms(totalMs),
    };
    return { code, json: summary };
  }
  // The next step: the first of these files the build made.
  const next = NEXT_STEPS.find(([file]) => r.files.includes(file));
  const open = next && { file: path.join(dir, next[0]), what: next[1] };
  return {
    code,
    warnings: { diagnostics: r.diagnostics, mainFile: yearFile(config, r.year), reviewPage: path.join(dir, 'revisione.html') },
    lines: [
      say.built(dir, r.files, totalMs, r.diagnostics.length, config.strict, open),
      ...(r.stale?.length ? [say.notRemade(r.stale, [])] : []),
      ...(config.verbose ? [say.builtFiles(r.files)] : []),
    ],
  };
}

/** Ctrl+C, a kill or the terminal closed, while `f` runs: the build is told to stop (its signal aborts
 * with the signal's name) instead of the process dying with its browser half-closed. A second Ctrl+C
 * once it has stopped ends the process the usual way. */
async function whileNotStopped<T>(f: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, () => stop.abort(s)] as const);
  for (const [s, h] of handlers) process.once(s, h);
  try {
    return await f(stop.signal);
  } finally {
    for (const [s, h] of handlers) process.off(s, h);
  }
}

async function runNewYear(config: Config): Promise<Outcome> {
  const year = config.newYear!;
  const shownDir = path.relative(config.cwd, config.dataDir) || '.';
  const target = path.join(config.dataDir, `${year}.yaml`);
  const shown = path.join(shownDir, `${year}.yaml`);
  const exists = (file: string) => diagnostic('anno-esistente', say.yearFileExists(file, year), { file, line: 1, col: 1 });
  for (const name of [`${year}.yaml`, `${year}.yml`]) {
    if (
      await stat(path.join(config.dataDir, name)).then(
        () => true,
        () => false,
      )
    )
      stopOnErrors([exists(path.join(shownDir, name))]);
  }
  const loaded = await load({ dataDir: config.dataDir, cwd: config.cwd });
  // The new file copies the latest one: a data folder with errors is fixed first.
  stopOnErrors(loaded.diagnostics);
  stopOnErrors(validate({ ...loaded, years: [] }).diagnostics);
  const latest = loaded.years.reduce((a, b) => (b.year > a.year ? b : a));
  // A file is named for the year of its figures: new-year 2027 while 2026 is missing is almost always the
  // assembly's year typed for the data's, and would leave a year without data in every history.
  if (year > latest.year + 1 && !config.allowGap) stopOnErrors([diagnostic('anno-saltato', msg.yearSkipped(year, latest.year), undefined)]);
  const schema = yearSchema(vocabularyOf(networkSchema().parse(loaded.network!.value), loaded.territory, year));
  const { text, figures, texts } = newYearFile(latest, year, schema);
  try {
    // "wx": never replace a file, even one created since the check above.
    await writeFile(target, text, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') stopOnErrors([exists(shown)]);
    throw e;
  }
  return { code: 0, lines: [say.newYearWritten(shown, latest.year, figures, texts)] };
}

/** A new network: data/rete.yaml and the first year's file, blank from the schema; nothing replaced. */
async function runInit(config: Config): Promise<Outcome> {
  const year = config.newYear!;
  const shownDir = path.relative(config.cwd, config.dataDir) || '.';
  const files = { [NETWORK_FILE]: networkSkeleton(), [`${year}.yaml`]: firstYearSkeleton(year) };
  const there = (await readdir(config.dataDir).catch(() => [] as string[])).filter((n) => n === NETWORK_FILE || /^\d{4}\.ya?ml$/.test(n));
  if (there.length) stopOnErrors(there.map((n) => diagnostic('rete-esistente', say.initExists(path.join(shownDir, n)), { file: path.join(shownDir, n), line: 1, col: 1 })));
  await mkdir(path.join(config.dataDir, 'geo'), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(config.dataDir, name), text, { flag: 'wx' });
  return { code: 0, lines: [say.initWritten(shownDir, year)] };
}

async function runDev(config: Config, hooks: Hooks): Promise<Outcome> {
  const { dev } = await import('./dev.js');
  const server = await dev(config, { log: hooks.err, report: hooks.diagnostics });
  const templates = config.templatesDir ?? path.join(PACKAGE_ROOT, 'templates');
  const watched = [config.dataDir, templates].map((d) => path.relative(config.cwd, d) || '.');
  hooks.out(say.devListening(server.url, watched));
  // Ctrl+C, a kill, or the terminal closed: each stops the server and frees the port.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  await new Promise<void>((resolve) => {
    for (const s of signals) process.once(s, resolve);
  });
  for (const s of signals) process.removeAllListeners(s);
  await server.close();
  return { code: 0, lines: [say.devStopped()] };
}

export async function runCommand(config: Config, hooks: Hooks): Promise<Outcome> {
  switch (config.command) {
    case 'schema':
      return runSchema(config);
    case 'build':
      return runBuild(config, hooks);
    case 'new-year':
      return runNewYear(config);
    case 'init':
      return runInit(config);
    case 'dev':
      return runDev(config, hooks);
    default:
      throw new UsageError(usageMsg.notAvailable(config.command), 'all');
  }
}
