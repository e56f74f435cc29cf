/** argv + environment -> Config, read once and passed down; or a usage error. No other module reads argv or env. */

import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { say, usageMsg } from './messages.js';
import { OUTPUT_KINDS, OUTPUTS, type Output } from './outputs.js';
import { closest } from './suggest.js';

export { OUTPUTS, type Output };

export const COMMANDS = ['init', 'check', 'build', 'schema', 'new-year', 'dev'] as const;
export type Command = (typeof COMMANDS)[number];
export const HANDOUT_LAYOUTS = [1, 2, 3, 6] as const;
/** Slides a page (the slide layouts), or 'document': the handout written for reading at home (the default). */
export type HandoutLayout = (typeof HANDOUT_LAYOUTS)[number] | 'document';

export interface Config {
  command: Command;
  cwd: string;
  dataDir: string;
  outDir: string;
  year?: number;
  /** For `new-year` and `init`: the year to create. */
  newYear?: number;
  /** For `new-year`: go on although the year before the new one has no file (--allow-gap). */
  allowGap: boolean;
  strict: boolean;
  only: Output[];
  handout: HandoutLayout;
  quiet: boolean;
  /** build: every file made, one a line, after the summary. */
  verbose: boolean;
  json: boolean;
  port: number;
  /** The templates folder; the package's own when absent (tests point it at a copy). */
  templatesDir?: string;
  /** A browser chosen by the user (PUPPETEER_EXECUTABLE_PATH). */
  browserPath?: string;
  /** Seconds since the epoch for every date stamped into outputs (SOURCE_DATE_EPOCH). */
  sourceDateEpoch?: number;
  /** A folder keeping the chart drawings between builds (ASSEMBLEA_CACHE); no cache when absent. */
  chartCache?: string;
  /** Whether progress may be drawn on a terminal. */
  interactive: boolean;
}

export class UsageError extends Error {
  constructor(
    message: string,
    /** The help to show after the message: the command's, the general one, or none. */
    readonly help: Command | 'all' | 'none' = 'all',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Every option: its value's name in the help (none for a switch), what it does, and the commands it is for. */
const OPTION_HELP: Record<string, { arg?: string; text: string; for: readonly Command[] }> = {
  data: { arg: 'DIR', text: 'cartella dei dati (predefinita: la cartella «data» del progetto)', for: ['init', 'check', 'build', 'dev', 'new-year', 'schema'] },
  year: { arg: 'ANNO', text: "anno da controllare o costruire (predefinito: l'ultimo)", for: ['check', 'build', 'dev'] },
  out: { arg: 'DIR', text: 'cartella dei risultati (predefinita: output, accanto a data)', for: ['build'] },
  only: { arg: 'TIPI', text: `solo alcuni risultati, separati da virgola: ${OUTPUTS.join(', ')}; gli altri restano come erano`, for: ['build'] },
  handout: { arg: 'N', text: "impaginazione del PDF per la stampa: senza l'opzione un documento da leggere a casa; 1, 2, 3 o 6 diapositive per pagina", for: ['build'] },
  strict: { text: 'considera errori anche gli avvisi', for: ['check', 'build'] },
  quiet: { text: "non mostra l'avanzamento", for: ['build'] },
  verbose: { text: 'alla fine elenca ogni file creato', for: ['build'] },
  json: { text: 'stampa un riepilogo in JSON', for: ['check', 'build'] },
  port: { arg: 'N', text: "porta dell'anteprima (predefinita: 4173)", for: ['dev'] },
  'allow-gap': { text: "crea l'anno anche se manca il file dell'anno prima (lascia un anno senza dati)", for: ['new-year'] },
};

const COMMAND_HELP: Record<Command, { text: string; args?: string; more?: string[]; examples: string[] }> = {
  init: {
    text: 'prepara una rete nuova: data/rete.yaml da compilare e il file del primo anno, vuoto',
    args: 'ANNO',
    more: ["Non sovrascrive nulla: se rete.yaml o il file dell'anno ci sono già, si ferma.", 'Poi: i confini in data/geo/, "npx assemblea schema", e "npx assemblea check" dice che cosa manca.'],
    examples: ['npx assemblea init 2025', 'npx assemblea init 2025 --data dati'],
  },
  check: { text: 'controlla i dati e segnala errori e avvisi', examples: ['npx assemblea check', 'npx assemblea check --year 2024', 'npx assemblea check --strict'] },
  build: {
    text: 'crea la presentazione, i PDF, il PowerPoint e il resoconto in output/<anno>/',
    more: [
      'Con --only rifà solo i risultati indicati e lascia gli altri come erano.',
      'Se il browser manca o si ferma, i PDF di prima restano e il comando dice quali sono più vecchi dei dati.',
      ...Object.entries(OUTPUT_KINDS).map(([name, k]) => `  ${name.padEnd(8)} ${k.description}`),
    ],
    examples: ['npx assemblea build', 'npx assemblea build --only html', 'npx assemblea build --handout 6'],
  },
  dev: { text: 'anteprima dal vivo: ricostruisce a ogni salvataggio', more: ['Ctrl+C per smettere.'], examples: ['npx assemblea dev', 'npx assemblea dev --port 4174'] },
  'new-year': {
    text: "crea il file dei dati di un anno nuovo, copiando la struttura dell'ultimo",
    args: 'ANNO',
    more: ["Il file ha il nome dell'anno dei dati: i dati del 2026, presentati all'assemblea della primavera 2027, vanno in 2026.yaml."],
    examples: ['npx assemblea new-year 2026'],
  },
  schema: { text: "rigenera gli schemi JSON usati dall'editor (data/schema/)", examples: ['npx assemblea schema'] },
};

const optionLine = (name: string) => {
  const o = OPTION_HELP[name];
  return `  ${`--${name}${o.arg ? ` ${o.arg}` : ''}`.padEnd(18)}${o.text}`;
};

export const USAGE = `Uso: npx assemblea <comando> [opzioni]

Comandi:
${COMMANDS.map((c) => `  ${c.padEnd(10)} ${COMMAND_HELP[c].text}`).join('\n')}

Opzioni:
${Object.keys(OPTION_HELP).map(optionLine).join('\n')}
  ${'-h, --help'.padEnd(18)}mostra questo aiuto (npx assemblea build --help: l'aiuto di un comando)
  ${'-v, --version'.padEnd(18)}mostra la versione

Va lanciato nella cartella del progetto (quella che contiene data/) o in una sua sottocartella.`;

/** The help of one command: what it does, its options, examples. */
export function commandUsage(command: Command): string {
  const h = COMMAND_HELP[command];
  const options = Object.keys(OPTION_HELP).filter((o) => OPTION_HELP[o].for.includes(command));
  return [
    `Uso: npx assemblea ${command}${h.args ? ` ${h.args}` : ''} [opzioni]`,
    '',
    `${h.text[0].toUpperCase()}${h.text.slice(1)}.`,
    ...(h.more?.length ? ['', ...h.more] : []),
    '',
    'Opzioni:',
    ...options.map(optionLine),
    `  ${'-h, --help'.padEnd(18)}mostra questo aiuto`,
    '',
    'Esempi:',
    ...h.examples.map((e) => `  ${e}`),
  ].join('\n');
}

/** Words people type for a command or an option, in Italian or by habit: suggested, never accepted. */
const SYNONYMS: Record<string, string> = {
  controlla: 'check',
  verifica: 'check',
  costruisci: 'build',
  crea: 'build',
  anteprima: 'dev',
  serve: 'dev',
  'nuovo-anno': 'new-year',
  schemi: 'schema',
  aiuto: '--help',
  help: '--help',
  version: '--version',
  '--anno': '--year',
  '--dati': '--data',
  '--uscita': '--out',
  '--output': '--out',
  '--solo': '--only',
  '--porta': '--port',
  '--aiuto': '--help',
  '--versione': '--version',
  '--rigoroso': '--strict',
  '--silenzioso': '--quiet',
  '--dettagli': '--verbose',
  '--salta-anno': '--allow-gap',
  '--forza': '--allow-gap',
};

/** The known name `input` most likely meant: a synonym, or the nearest name as suggest.ts finds one. */
export function didYouMean(input: string, known: readonly string[]): string | undefined {
  const word = input.toLowerCase();
  if (SYNONYMS[word] && (known.includes(SYNONYMS[word]) || SYNONYMS[word].startsWith('--'))) return SYNONYMS[word];
  const near = closest(
    word.replace(/^-+/, ''),
    known.map((k) => k.replace(/^-+/, '')),
  );
  return near === undefined ? undefined : known.find((k) => k.replace(/^-+/, '') === near);
}

/** The nearest folder from `cwd` upwards that holds data/: the project, wherever in it the command is run. */
export function findProject(cwd: string, isDir: (p: string) => boolean = (p) => statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (isDir(path.join(dir, 'data'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function parseYear(s: string, what: string): number {
  if (!/^\d{4}$/.test(s)) throw new UsageError(usageMsg.notAYear(what, s), 'none');
  return Number(s);
}

/** The options every command reads (parseArgs' table). */
const OPTIONS = {
  data: { type: 'string' },
  year: { type: 'string' },
  out: { type: 'string' },
  only: { type: 'string' },
  handout: { type: 'string' },
  strict: { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  port: { type: 'string' },
  'allow-gap': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/** The first mistake in the options as typed, in a line of Italian; or undefined. parseArgs reads them
 * leniently and returns its tokens: the checks are made here, on the tokens, so that no English error
 * text of node:util has to be read. */
function optionProblem(tokens: readonly Token[]): string | undefined {
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const known = (OPTIONS as Record<string, { type: string }>)[t.name];
    if (!known)
      return usageMsg.unknownOption(
        t.rawName,
        didYouMean(
          t.rawName,
          [...Object.keys(OPTION_HELP), 'help', 'version'].map((o) => `--${o}`),
        ),
      );
    // A value that starts with a dash is the next option, not this one's value: "--data --strict".
    if (known.type === 'string' && (t.value === undefined || (!t.inlineValue && t.value.startsWith('-')))) return usageMsg.valueMissing(t.rawName, EXAMPLES[t.rawName]);
    if (known.type === 'boolean' && t.value !== undefined) return usageMsg.valueNotWanted(t.rawName);
  }
  return undefined;
}

const EXAMPLES: Record<string, string> = { '--data': 'data', '--year': '2025', '--out': 'output', '--only': 'html,pdf', '--handout': '3', '--port': '4173' };

/** The command named on the command line, if any (for the help after a usage error). */
function commandIn(argv: readonly string[]): Command | undefined {
  return argv.find((a): a is Command => (COMMANDS as readonly string[]).includes(a));
}

/** What is asked before any work: the version, the help of one command or the general one; or nothing. */
export function helpWanted(argv: readonly string[]): 'version' | Command | 'all' | undefined {
  if (argv.includes('--version') || argv.includes('-v')) return 'version';
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
    return commandIn(argv) ?? 'all';
  }
  return undefined;
}

export function configFrom(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string, isTTY: boolean): Config | 'help' {
  const parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: false, tokens: true, options: OPTIONS });
  const problem = optionProblem(parsed.tokens);
  if (problem) throw new UsageError(problem, commandIn(argv) ?? 'all');
  const { positionals } = parsed;
  // Checked above: each option has a value of its type.
  const v = parsed.values as { [K in keyof typeof OPTIONS]: (typeof OPTIONS)[K]['type'] extends 'string' ? string | undefined : boolean };
  if (v.help || v.version || positionals.length === 0) return 'help';
  const [command, ...rest] = positionals;
  if (!(COMMANDS as readonly string[]).includes(command)) {
    const near = didYouMean(command, COMMANDS);
    throw new UsageError(usageMsg.unknownCommand(command, COMMANDS, near));
  }
  let newYear: number | undefined;
  if (command === 'new-year' || command === 'init') {
    if (rest.length !== 1) throw new UsageError(usageMsg.yearNeeded(command), command);
    newYear = parseYear(rest[0], command);
  } else if (rest.length) {
    throw new UsageError(usageMsg.unexpectedArgument(rest[0]), command as Command);
  }
  const only = v.only ? v.only.split(',').map((s) => s.trim()) : [...OUTPUTS];
  for (const o of only) {
    if (!(OUTPUTS as readonly string[]).includes(o)) throw new UsageError(usageMsg.notAnOutput(o, OUTPUTS));
  }
  const handout = v.handout === undefined || v.handout === 'documento' ? 'document' : Number(v.handout);
  if (handout !== 'document' && !(HANDOUT_LAYOUTS as readonly number[]).includes(handout)) throw new UsageError(usageMsg.badHandout(v.handout));
  const port = v.port === undefined ? 4173 : Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(usageMsg.badPort(v.port));
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '' && !/^\d+$/.test(epoch)) throw new UsageError(usageMsg.badEpoch(epoch));

  // Without --data, the project is the nearest folder upwards with data/ in it, and output/ goes beside it.
  // A new network (init) starts in an empty folder: its data/ is made there.
  const project = v.data === undefined ? (findProject(cwd) ?? (command === 'init' ? cwd : undefined)) : cwd;
  if (project === undefined) throw new UsageError(say.noProject(path.resolve(cwd)), 'none');

  return {
    command: command as Command,
    cwd,
    dataDir: path.resolve(cwd, v.data ?? path.join(project, 'data')),
    outDir: path.resolve(v.out === undefined ? project : cwd, v.out ?? 'output'),
    year: v.year === undefined ? undefined : parseYear(v.year, '--year'),
    newYear,
    allowGap: v['allow-gap'],
    strict: v.strict,
    only: only as Output[],
    handout: handout as HandoutLayout,
    quiet: v.quiet,
    verbose: v.verbose,
    json: v.json,
    port,
    browserPath: env.PUPPETEER_EXECUTABLE_PATH || undefined,
    sourceDateEpoch: epoch ? Number(epoch) : undefined,
    chartCache: env.ASSEMBLEA_CACHE ? path.resolve(cwd, env.ASSEMBLEA_CACHE) : undefined,
    interactive: isTTY && !v.quiet && !v.json && !env.CI,
  };
}
