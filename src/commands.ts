/** The commands other than `check`: each wires stages together and returns an exit code. */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { printBuildDiagnostics, type Io } from './cli.js';
import type { Config } from './config.js';
import { build } from './build.js';
import { stopOnErrors, type Diagnostic } from './diagnostics.js';
import { load, NETWORK_FILE } from './load.js';
import { jsonSchemas, networkSchema, yearSchema } from './schema.js';
import { say } from './messages.js';
import { newYearFile } from './new-year.js';
import { PACKAGE_ROOT } from './paths.js';
import { diagnostic } from './source.js';
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

async function runSchema(config: Config, io: Io): Promise<number> {
  const texts = await schemaTexts(config);
  const dir = path.join(config.dataDir, SCHEMA_DIR);
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(texts)) {
    await writeFile(path.join(dir, name), text);
    io.stdout.write(`Scritto ${path.relative(config.cwd, path.join(dir, name))}\n`);
  }
  return 0;
}

/** The year's file as diagnostics name it (relative to the working folder). */
const yearFile = (config: Config, year: number) => path.relative(config.cwd, path.join(config.dataDir, `${year}.yaml`));

async function runBuild(config: Config, io: Io): Promise<number> {
  const t0 = performance.now();
  // Each step as it ends, on a terminal only: a log file or a pipe gets the result, not the progress.
  const progress = (step: string, ms: number) => {
    if (config.interactive) io.stderr.write(`${say.step(step, ms)}\n`);
  };
  const r = await build(config, progress);
  const totalMs = performance.now() - t0;
  const dir = path.relative(config.cwd, r.outputDir) || r.outputDir;
  if (config.json) {
    const ms = (n: number) => Math.round(n * 10) / 10;
    const summary = { ok: true, year: r.year, output: dir, files: r.files, kept: r.kept ?? [], stale: r.stale ?? [], warnings: r.diagnostics, timings: r.timings.map((t) => ({ step: t.step, ms: ms(t.ms) })), totalMs: ms(totalMs) };
    io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    printBuildDiagnostics(io, config, r.diagnostics, yearFile(config, r.year), path.join(dir, 'revisione.html'));
    io.stdout.write(`${say.built(dir, r.files, totalMs, r.diagnostics.length, config.strict)}\n`);
    if (r.stale?.length) io.stdout.write(`${say.notRemade(r.stale, [])}\n`);
  }
  return config.strict && r.diagnostics.length ? 1 : 0;
}

async function runNewYear(config: Config, io: Io): Promise<number> {
  const year = config.newYear!;
  const shownDir = path.relative(config.cwd, config.dataDir) || '.';
  const target = path.join(config.dataDir, `${year}.yaml`);
  const shown = path.join(shownDir, `${year}.yaml`);
  const exists = (file: string) => diagnostic('anno-esistente', say.yearFileExists(file, year), { file, line: 1, col: 1 });
  for (const name of [`${year}.yaml`, `${year}.yml`]) {
    if (await stat(path.join(config.dataDir, name)).then(() => true, () => false)) stopOnErrors([exists(path.join(shownDir, name))]);
  }
  const loaded = await load({ dataDir: config.dataDir, cwd: config.cwd });
  // The new file copies the latest one: a data folder with errors is fixed first.
  stopOnErrors(loaded.diagnostics);
  stopOnErrors(validate({ ...loaded, years: [] }).diagnostics);
  const latest = loaded.years.reduce((a, b) => (b.year > a.year ? b : a));
  const schema = yearSchema(vocabularyOf(networkSchema().parse(loaded.network!.value), loaded.territory, year));
  const { text, figures, texts } = newYearFile(latest, year, schema);
  try {
    // "wx": never replace a file, even one created since the check above.
    await writeFile(target, text, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') stopOnErrors([exists(shown)]);
    throw e;
  }
  io.stdout.write(`${say.newYearWritten(shown, latest.year, figures, texts)}\n`);
  return 0;
}

async function runDev(config: Config, io: Io): Promise<number> {
  const { dev } = await import('./dev.js');
  const server = await dev(config, { log: (line) => io.stderr.write(`${line}\n`) });
  const templates = config.templatesDir ?? path.join(PACKAGE_ROOT, 'templates');
  const watched = [config.dataDir, templates].map((d) => path.relative(config.cwd, d) || '.');
  io.stdout.write(`${say.devListening(server.url, watched)}\n`);
  // Ctrl+C, a kill, or the terminal closed: each stops the server and frees the port.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  await new Promise<void>((resolve) => {
    for (const s of signals) process.once(s, resolve);
  });
  for (const s of signals) process.removeAllListeners(s);
  await server.close();
  io.stdout.write(`${say.devStopped()}\n`);
  return 0;
}

export async function runCommand(config: Config, io: Io): Promise<number> {
  switch (config.command) {
    case 'schema':
      return runSchema(config, io);
    case 'build':
      return runBuild(config, io);
    case 'new-year':
      return runNewYear(config, io);
    case 'dev':
      return runDev(config, io);
    default:
      io.stderr.write(`Il comando "${config.command}" non è ancora disponibile.\n`);
      return 2;
  }
}
