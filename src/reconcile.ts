/** Dataset -> warnings where a figure printed in the original deck (a `*_stampato` field) does not
 * match what the raw figures give. Never corrects anything: the outputs always use computed values. Pure. */
import { fieldPath, type Diagnostic } from './diagnostics.js';
import { change, share, sum } from './derive.js';
import { formatDecimal, formatNumber, formatPercent, formatSigned } from './format.js';
import { msg, type Text } from './messages.js';
import { YEAR_FIELDS, type PerDistrict, type Year } from './schema.js';
import { diagnostic, locate, locateField, type SourceDoc } from './source.js';
import type { Dataset } from './validate.js';

/** A printed whole percent is right when it is within rounding (or truncation) of the computed share. */
const PERCENT_TOLERANCE = 1;

type Path = (string | number)[];

/** A figure the original document printed differently from what the data give: for the warning, and
 * for the speaker notes of the slide that shows it. Numbers already formatted as the slide shows them. */
export interface Printed {
  /** The `_stampato` field, as a dotted path in the year file ("convenzioni.percentuale_comuni_stampata"). */
  field: string;
  year: number;
  /** What the figure is, with its year ("Comuni con convenzione 2025"). */
  what: string;
  printed: string;
  computed: string;
  /** How the computed figure is made ("44 comuni su 90"). */
  detail: string;
}

function parts(values: PerDistrict): string {
  return Object.entries(values)
    .map(([k, v]) => `${k} ${formatNumber(v)}`)
    .join(' + ');
}

/** Table names as the warning says them, by the path of the table in the year file. */
const TABLES: { path: Path; what: string }[] = [
  { path: ['rete', 'associazioni'], what: 'Associazioni per ambito' },
  { path: ['ore_volontariato'], what: 'Ore di volontariato' },
  { path: ['km_percorsi'], what: 'Km percorsi' },
  { path: ['automezzi', 'proprieta'], what: 'Auto di proprietà' },
  { path: ['automezzi', 'comodato'], what: "Auto in comodato d'uso" },
  { path: ['automezzi', 'attrezzate'], what: 'Auto attrezzate' },
  { path: ['volontariato_civico', 'ore'], what: 'Volontariato civico, ore' },
  { path: ['volontariato_civico', 'volontari'], what: 'Volontariato civico, volontari' },
];

function get(obj: unknown, path: Path): unknown {
  return path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function yearWarnings(year: number, y: Year, prev: Year | undefined, src: SourceDoc, municipalitiesInProvince: number): { diagnostics: Diagnostic[]; printed: Printed[] } {
  const out: Diagnostic[] = [];
  const printedOut: Printed[] = [];
  const warn = (code: string, text: Text, path: Path) => out.push(diagnostic(code, text, locate(src, path), fieldPath(path), 'warning'));
  const differs = (path: Path, what: string, printed: string, computed: string, detail: string) =>
    printedOut.push({ field: path.join('.'), year, what: `${what} ${year}`, printed, computed, detail });
  const total = (what: string, printed: number | undefined, values: PerDistrict, path: Path) => {
    const computed = sum(Object.values(values));
    if (printed !== undefined && printed !== computed) {
      warn('totale-diverso', msg.printedTotal(`${what} ${year}`, printed, computed, parts(values)), path);
      differs(path, what, formatNumber(printed), formatNumber(computed), `somma di ${parts(values)}`);
    }
  };
  const percent = (what: string, printed: number | undefined, part: number, whole: number, path: Path, opts: { unit?: string; deckShows?: string } = {}) => {
    if (printed === undefined || whole === 0) return;
    const computed = share(part, whole);
    if (Math.abs(computed * 100 - printed) >= PERCENT_TOLERANCE) {
      warn('percentuale-diversa', msg.printedPercent(`${what} ${year}`, printed, computed, `${formatNumber(part)} su ${formatNumber(whole)}`, opts.deckShows), path);
      differs(path, what, `${printed}%`, formatPercent(computed), `${formatNumber(part)}${opts.unit ? ` ${opts.unit}` : ''} su ${formatNumber(whole)}`);
    }
  };
  const difference = (what: string, printed: number | undefined, from: number | undefined, to: number, path: Path) => {
    if (printed === undefined || from === undefined) return;
    const computed = change(from, to).diff;
    if (printed !== computed) {
      warn('differenza-diversa', msg.printedDifference(`${what} ${year}`, printed, computed, `${formatNumber(to)} − ${formatNumber(from)}`), path);
      differs(path, what, formatSigned(printed), formatSigned(computed), `${formatNumber(to)} − ${formatNumber(from)}`);
    }
  };
  const partOfWhole = (what: string, part: number | undefined, whole: number, path: Path) => {
    if (part !== undefined && part > whole) warn('parte-maggiore-del-totale', msg.partExceedsWhole(`${what} ${year}`, part, whole), path);
  };

  for (const t of TABLES) {
    const table = get(y, t.path) as { per_ambito: PerDistrict; totale_stampato?: number } | undefined;
    if (table) total(t.what, table.totale_stampato, table.per_ambito, [...t.path, 'totale_stampato']);
  }

  if (y.soci) {
    total('Soci', y.soci.totale_stampato, y.soci.per_ambito, ['soci', 'totale_stampato']);
    const before = prev?.soci ? sum(Object.values(prev.soci.per_ambito)) : undefined;
    difference('Crescita dei soci', y.soci.crescita_stampata, before, sum(Object.values(y.soci.per_ambito)), ['soci', 'crescita_stampata']);
  }

  if (y.rete) {
    const r = y.rete;
    const all = sum(Object.values(r.associazioni.per_ambito)) + r.provinciali;
    if (r.totale_stampato !== undefined && r.totale_stampato !== all) {
      warn('totale-diverso', msg.printedTotal(`Associazioni ${year}`, r.totale_stampato, all, `${parts(r.associazioni.per_ambito)} + provinciali ${r.provinciali}`), ['rete', 'totale_stampato']);
      differs(['rete', 'totale_stampato'], 'Associazioni', formatNumber(r.totale_stampato), formatNumber(all), `${parts(r.associazioni.per_ambito)} + provinciali ${r.provinciali}`);
    }
    if (r.aps + r.odv !== all) {
      warn(
        'totali-non-tornano',
        msg.totalsDisagree(`Associazioni ${year}`, `APS ${r.aps} + ODV ${r.odv} = ${formatNumber(r.aps + r.odv)}`, `${parts(r.associazioni.per_ambito)} + provinciali ${r.provinciali} = ${formatNumber(all)}`),
        ['rete', 'aps'],
      );
    }
  }

  if (y.convenzioni) {
    const c = y.convenzioni;
    const byCounterpart = sum(c.controparti.map((x) => x.numero));
    const counterparts = Object.fromEntries(c.controparti.map((x) => [x.nome, x.numero]));
    total('Convenzioni', c.totale_stampato, counterparts, ['convenzioni', 'totale_stampato']);
    const byDistrict = Object.fromEntries(Object.entries(c.per_ambito).map(([k, v]) => [k, v?.numero ?? 0]));
    if (sum(Object.values(byDistrict)) !== byCounterpart) {
      warn(
        'totali-non-tornano',
        msg.totalsDisagree(`Convenzioni ${year}`, `per controparte ${formatNumber(byCounterpart)}`, `per ambito ${parts(byDistrict)} = ${formatNumber(sum(Object.values(byDistrict)))}`),
        ['convenzioni', 'per_ambito'],
      );
    }
    for (const [district, v] of Object.entries(c.per_ambito)) {
      if (v && v.numero < v.comuni.length) {
        warn('convenzioni-meno-dei-comuni', msg.conventionsFewerThanMunicipalities(district, v.numero, v.comuni.length), ['convenzioni', 'per_ambito', district, 'numero']);
      }
    }
    const withConvention = sum(Object.values(c.per_ambito).map((v) => v?.comuni.length ?? 0));
    percent('Comuni con convenzione', c.percentuale_comuni_stampata, withConvention, municipalitiesInProvince, ['convenzioni', 'percentuale_comuni_stampata'], { unit: 'comuni' });
  }

  if (y.volontari?.per_ambito && y.volontari.totale !== undefined) {
    const s = sum(Object.values(y.volontari.per_ambito));
    if (s !== y.volontari.totale) warn('totale-diverso', msg.volunteersBothWays(y.volontari.totale, s), ['volontari', 'totale']);
  }

  if (y.automezzi) {
    const a = y.automezzi;
    for (const [district, equipped] of Object.entries(a.attrezzate.per_ambito)) {
      const fleet = (a.proprieta.per_ambito[district] ?? 0) + (a.comodato.per_ambito[district] ?? 0);
      partOfWhole(`Auto attrezzate, ${district},`, equipped, fleet, ['automezzi', 'attrezzate', 'per_ambito', district]);
    }
  }

  if (y.mobilita_sociale) {
    const m = y.mobilita_sociale;
    const p = ['mobilita_sociale'];
    partOfWhole('Accessi a strutture ospedaliere', m.accessi_strutture_ospedaliere, m.interventi, [...p, 'accessi_strutture_ospedaliere']);
    partOfWhole('Accessi agli ospedali pubblici', m.accessi_ospedali_pubblici, m.accessi_strutture_ospedaliere, [...p, 'accessi_ospedali_pubblici']);
    partOfWhole('Interventi per persone diversamente abili', m.persone_disabili, m.interventi - m.accessi_strutture_ospedaliere, [...p, 'persone_disabili']);
    percent('Accessi a strutture ospedaliere', m.accessi_strutture_ospedaliere_percentuale_stampata, m.accessi_strutture_ospedaliere, m.interventi, [...p, 'accessi_strutture_ospedaliere_percentuale_stampata'], { unit: 'servizi' });
    if (m.accessi_ospedali_pubblici !== undefined) {
      percent('Accessi agli ospedali pubblici', m.ospedali_pubblici_percentuale, m.accessi_ospedali_pubblici, m.interventi, [...p, 'ospedali_pubblici_percentuale']);
      // "Di questi [the hospital accesses] il 26%": a share of the hospital accesses, not of all services.
      percent(
        'Quota degli accessi ospedalieri negli ospedali pubblici',
        m.ospedali_pubblici_su_accessi_percentuale_stampata,
        m.accessi_ospedali_pubblici,
        m.accessi_strutture_ospedaliere,
        [...p, 'ospedali_pubblici_su_accessi_percentuale_stampata'],
        { unit: 'accessi', deckShows: `dice che il ${formatPercent(share(m.accessi_ospedali_pubblici, m.interventi))} di tutti i ${formatNumber(m.interventi)} servizi è negli ospedali pubblici` },
      );
    }
    if (m.persone_disabili !== undefined) {
      percent('Interventi per persone diversamente abili', m.persone_disabili_percentuale_stampata, m.persone_disabili, m.interventi, [...p, 'persone_disabili_percentuale_stampata'], { unit: 'servizi' });
    }
    const split = [m.ospedali_pubblici_percentuale, m.altre_strutture_provincia_percentuale, m.fuori_provincia_percentuale];
    if (split.every((x) => x !== undefined)) {
      const splitSum = sum(split as number[]);
      const whole = share(m.accessi_strutture_ospedaliere, m.interventi) * 100;
      // Three rounded shares may drift from their whole by up to 1.5 points.
      if (Math.abs(splitSum - whole) > 1.5) warn('quote-non-tornano', msg.sharesDoNotAdd(`Accessi a strutture sanitarie ${year}`, splitSum, Math.round(whole)), [...p, 'ospedali_pubblici_percentuale']);
    }
  }

  if (y.totali) {
    const t = y.totali;
    difference('Totale prestazioni', t.prestazioni_differenza_stampata, prev?.totali?.prestazioni, t.prestazioni, ['totali', 'prestazioni_differenza_stampata']);
    difference('Totale assistiti', t.assistiti_differenza_stampata, prev?.totali?.assistiti, t.assistiti, ['totali', 'assistiti_differenza_stampata']);
    if (t.interventi_per_assistito_stampato !== undefined && t.assistiti > 0) {
      const ratio = t.prestazioni / t.assistiti;
      if (Math.abs(ratio - t.interventi_per_assistito_stampato) >= 1) {
        warn('rapporto-diverso', msg.printedRatio(`Interventi per assistito ${year}`, t.interventi_per_assistito_stampato, ratio, `${formatNumber(t.prestazioni)} prestazioni su ${formatNumber(t.assistiti)} assistiti`), ['totali', 'interventi_per_assistito_stampato']);
        differs(['totali', 'interventi_per_assistito_stampato'], 'Interventi per assistito', formatDecimal(t.interventi_per_assistito_stampato), formatNumber(ratio), `${formatNumber(t.prestazioni)} prestazioni su ${formatNumber(t.assistiti)} assistiti`);
      }
    }
  }

  if (y.centri_sociali) {
    const centres = Object.fromEntries(Object.entries(y.centri_sociali.per_ambito).map(([k, v]) => [k, v.centri]));
    total('Centri sociali', y.centri_sociali.totale_centri_stampato, centres, ['centri_sociali', 'totale_centri_stampato']);
  }
  if (y.unipop) total('Corsi Unipop', y.unipop.corsi_totale_stampato, y.unipop.corsi_per_comune as PerDistrict, ['unipop', 'corsi_totale_stampato']);
  return { diagnostics: out, printed: printedOut };
}

/** Figures the deck follows across the years (history charts, "rispetto all'anno prima"), by field. */
const SERIES: { field: keyof Year; what: string }[] = [
  { field: 'soci', what: 'soci' },
  { field: 'volontari', what: 'volontari' },
  { field: 'ore_volontariato', what: 'ore di volontariato' },
  { field: 'km_percorsi', what: 'km percorsi' },
  { field: 'totali', what: 'prestazioni e assistiti' },
];

/** A year missing between two that are there, as a file or as one followed figure: the history charts
 * would join the years on either side as if they were next to each other, and the comparison with the
 * year before would quietly disappear. */
function historyGaps(ds: Dataset): Diagnostic[] {
  const out: Diagnostic[] = [];
  const years = [...ds.years.keys()].sort((a, b) => a - b);
  if (!years.length) return out;
  const missingFiles: number[] = [];
  for (let y = years[0] + 1; y < ds.year; y++) if (!ds.years.has(y)) missingFiles.push(y);
  for (const y of missingFiles) {
    const after = years.find((x) => x > y)!;
    const before = [...years].reverse().find((x) => x < y)!;
    const src = ds.sources.get(after)!;
    out.push({ ...diagnostic('anno-mancante', msg.yearFileMissing(y, before, after), locate(src, ['anno']), 'anno', 'warning'), subject: `${y}.yaml` });
  }
  for (const { field, what } of SERIES) {
    const have = years.filter((y) => ds.years.get(y)![field] !== undefined);
    if (have.length < 2) continue;
    for (const y of years) {
      if (y <= have[0] || y >= have.at(-1)! || have.includes(y)) continue;
      const src = ds.sources.get(y)!;
      const d = diagnostic('storico-incompleto', msg.seriesGap(String(field), what, y, src.file, ds.years.get(y + 1)?.[field] !== undefined), locateField(src, [field], YEAR_FIELDS), String(field), 'warning');
      out.push({ ...d, subject: `${what} del ${y}` });
    }
  }
  return out;
}

export function reconcile(ds: Dataset): Diagnostic[] {
  const out: Diagnostic[] = historyGaps(ds);
  for (const [year, y] of ds.years) {
    out.push(...yearWarnings(year, y, ds.years.get(year - 1), ds.sources.get(year)!, ds.municipalities.length).diagnostics);
  }
  return out;
}

/** Every figure the original documents printed differently from the data, up to the year being built
 * (a history slide shows the earlier years too). The deck shows the computed figure; its notes say this. */
export function printedDifferences(ds: Dataset): Printed[] {
  return [...ds.years]
    .filter(([year]) => year <= ds.year)
    .sort(([a], [b]) => a - b)
    .flatMap(([year, y]) => yearWarnings(year, y, ds.years.get(year - 1), ds.sources.get(year)!, ds.municipalities.length).printed);
}
