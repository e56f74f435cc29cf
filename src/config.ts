/** argv + environment -> Config, read once and passed down; or a usage error. No other module reads argv or env. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { OUTPUTS, type Output } from './outputs.js';

export { OUTPUTS, type Output };

export const COMMANDS = ['check', 'build', 'schema', 'new-year', 'dev'] as const;
export type Command = (typeof COMMANDS)[number];
export const HANDOUT_LAYOUTS = [1, 2, 3, 6] as const;
export type HandoutLayout = (typeof HANDOUT_LAYOUTS)[number];

export interface Config {
  command: Command;
  cwd: string;
  dataDir: string;
  outDir: string;
  year?: number;
  /** For `new-year`: the year to create. */
  newYear?: number;
  strict: boolean;
  only: Output[];
  handout: HandoutLayout;
  quiet: boolean;
  json: boolean;
  port: number;
  /** The templates folder; the package's own when absent (tests point it at a copy). */
  templatesDir?: string;
  /** A browser chosen by the user (PUPPETEER_EXECUTABLE_PATH). */
  browserPath?: string;
  /** Seconds since the epoch for every date stamped into outputs (SOURCE_DATE_EPOCH). */
  sourceDateEpoch?: number;
  /** Whether progress may be drawn on a terminal. */
  interactive: boolean;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Uso: npx assemblea <comando> [opzioni]

Comandi:
  check      controlla i dati e segnala errori e avvisi
  build      crea la presentazione, i PDF e il resoconto in output/<anno>/
  dev        anteprima dal vivo: ricostruisce a ogni salvataggio
  new-year   crea il file dei dati di un anno nuovo (npx assemblea new-year 2026)
  schema     rigenera gli schemi JSON usati dall'editor (data/schema/)

Opzioni:
  --data DIR        cartella dei dati (predefinita: data)
  --year ANNO       anno da controllare o costruire (predefinito: l'ultimo)
  --out DIR         cartella dei risultati (predefinita: output)
  --only TIPI       solo alcuni risultati: html, pdf, report (separati da virgola)
  --handout N       impaginazione del PDF per la stampa: 1, 2 (predefinita), 3 o 6 diapositive per pagina
  --strict          considera errori anche gli avvisi
  --quiet           non mostra l'avanzamento
  --json            stampa un riepilogo in JSON
  --port N          porta dell'anteprima (predefinita: 4173)
  -h, --help        mostra questo aiuto`;

function parseYear(s: string, what: string): number {
  if (!/^\d{4}$/.test(s)) throw new UsageError(`${what}: "${s}" non è un anno (scrivi quattro cifre, per esempio 2025).`);
  return Number(s);
}

/** node:util parseArgs errors are English and long: say the same in a line of Italian. */
function argsProblem(e: Error & { code?: string }): string {
  const option = /'(-{1,2}[^' ]+)/.exec(e.message)?.[1] ?? '';
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Opzione sconosciuta "${option}".`;
  if (/argument missing/.test(e.message)) return `L'opzione ${option} vuole un valore dopo di sé, per esempio ${option} ${EXAMPLES[option] ?? '...'}.`;
  if (/does not take an argument/.test(e.message)) return `L'opzione ${option} non vuole un valore: scrivi solo ${option}.`;
  return `Opzioni non valide (${e.message}).`;
}

const EXAMPLES: Record<string, string> = { '--data': 'data', '--year': '2025', '--out': 'output', '--only': 'html,pdf', '--handout': '3', '--port': '4173' };

export function configFrom(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string, isTTY: boolean): Config | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        data: { type: 'string' },
        year: { type: 'string' },
        out: { type: 'string' },
        only: { type: 'string' },
        handout: { type: 'string' },
        strict: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UsageError(argsProblem(e as Error & { code?: string }));
  }
  const { values: v, positionals } = parsed;
  if (v.help || positionals.length === 0) return 'help';
  const [command, ...rest] = positionals;
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`Comando sconosciuto "${command}". I comandi sono: ${COMMANDS.join(', ')}.`);
  }
  let newYear: number | undefined;
  if (command === 'new-year') {
    if (rest.length !== 1) throw new UsageError('new-year: indica l\'anno da creare, per esempio "npx assemblea new-year 2026".');
    newYear = parseYear(rest[0], 'new-year');
  } else if (rest.length) {
    throw new UsageError(`Argomento inatteso "${rest[0]}".`);
  }
  const only = v.only ? v.only.split(',').map((s) => s.trim()) : [...OUTPUTS];
  for (const o of only) {
    if (!(OUTPUTS as readonly string[]).includes(o)) throw new UsageError(`--only: "${o}" non è un risultato; scegli tra ${OUTPUTS.join(', ')}.`);
  }
  const handout = v.handout === undefined ? 2 : Number(v.handout);
  if (!(HANDOUT_LAYOUTS as readonly number[]).includes(handout)) throw new UsageError(`--handout: "${v.handout}" non va bene; scegli 1, 2, 3 o 6.`);
  const port = v.port === undefined ? 4173 : Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: "${v.port}" non è una porta valida.`);
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '' && !/^\d+$/.test(epoch)) throw new UsageError(`SOURCE_DATE_EPOCH: "${epoch}" non è un numero di secondi.`);

  return {
    command: command as Command,
    cwd,
    dataDir: path.resolve(cwd, v.data ?? 'data'),
    outDir: path.resolve(cwd, v.out ?? 'output'),
    year: v.year === undefined ? undefined : parseYear(v.year, '--year'),
    newYear,
    strict: v.strict,
    only: only as Output[],
    handout: handout as HandoutLayout,
    quiet: v.quiet,
    json: v.json,
    port,
    browserPath: env.PUPPETEER_EXECUTABLE_PATH || undefined,
    sourceDateEpoch: epoch ? Number(epoch) : undefined,
    interactive: isTTY && !v.quiet && !v.json && !env.CI,
  };
}
