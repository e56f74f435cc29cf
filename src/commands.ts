/** The commands other than `check`: each wires stages together and returns an exit code. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Io } from './cli.js';
import type { Config } from './config.js';
import { build } from './build.js';
import { formatDiagnostic, stopOnErrors, type Diagnostic } from './diagnostics.js';
import { load, NETWORK_FILE } from './load.js';
import { jsonSchemas, networkSchema } from './schema.js';
import { validate, vocabularyOf } from './validate.js';

export const SCHEMA_DIR = 'schema';

/** The JSON Schemas editors read, as text, for the data folder's current districts and the geo names. */
export async function schemaTexts(config: Pick<Config, 'dataDir' | 'cwd'>): Promise<Record<string, string>> {
  const loaded = await load({ dataDir: config.dataDir, cwd: config.cwd });
  // The schemas need only rete.yaml (its districts) and the boundaries; year files may not exist yet.
  const aboutNetwork = (d: Diagnostic) => d.code === 'cartella-assente' || Boolean(d.at?.file.endsWith(NETWORK_FILE));
  stopOnErrors([...loaded.diagnostics.filter(aboutNetwork), ...validate({ ...loaded, years: [] }).diagnostics]);
  const network = networkSchema().parse(loaded.network!.value);
  const schemas = jsonSchemas(vocabularyOf(network, loaded.geo));
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

async function runBuild(config: Config, io: Io): Promise<number> {
  const progress = (step: string, ms: number) => {
    if (!config.quiet && !config.json) io.stderr.write(`  ${step} (${Math.round(ms)} ms)\n`);
  };
  const r = await build(config, progress);
  for (const d of r.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n\n`);
  if (config.json) {
    io.stdout.write(`${JSON.stringify({ year: r.year, output: r.outputDir, files: r.files, diagnostics: r.diagnostics, timings: r.timings }, null, 2)}\n`);
  } else {
    io.stdout.write(`Creati in ${path.relative(config.cwd, r.outputDir) || r.outputDir}: ${r.files.join(', ')}\n`);
  }
  return config.strict && r.diagnostics.length ? 1 : 0;
}

export async function runCommand(config: Config, io: Io): Promise<number> {
  switch (config.command) {
    case 'schema':
      return runSchema(config, io);
    case 'build':
      return runBuild(config, io);
    default:
      io.stderr.write(`Il comando "${config.command}" non è ancora disponibile.\n`);
      return 2;
  }
}
