/** Dataset -> warnings where a figure printed in the original deck (a `*_stampato` field) does not
 * match what derive() gives for that year (its section functions, year by year: no sum of its own). Never corrects anything: the outputs always use computed values. Pure. */
import type { Code } from './codes.js';
import type { Dataset } from './dataset.js';
import {
  type Change,
  type DistrictTable,
  deriveCentres,
  deriveCivic,
  deriveConventions,
  deriveHours,
  deriveKm,
  deriveMembers,
  deriveMobility,
  deriveNetwork,
  deriveTotals,
  deriveUnipop,
  deriveVehicles,
  deriveVolunteers,
  type YearContext,
  yearContext,
} from './derive.js';
import { type Diagnostic, diagnostic, fieldPath } from './diagnostics.js';
import { formatDecimal, formatNumber, formatPercent, formatSigned } from './format.js';
import { msg, type Text } from './messages.js';
import { type PerDistrict, YEAR_FIELDS, type Year } from './schema.js';
import { locate, locateField, type SourceDoc } from './source.js';

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

/** Tables whose printed total is checked, by the path of the table in the year file, with the derived
 * table that gives the computed total. */
const TABLES: { path: Path; what: string; table: (c: YearContext) => DistrictTable | undefined }[] = [
  { path: ['rete', 'associazioni'], what: 'Associazioni per ambito', table: (c) => deriveNetwork(c)?.associations },
  { path: ['ore_volontariato'], what: 'Ore di volontariato', table: (c) => deriveHours(c)?.current },
  { path: ['km_percorsi'], what: 'Km percorsi', table: (c) => deriveKm(c)?.current },
  { path: ['automezzi', 'proprieta'], what: 'Auto di proprietà', table: (c) => deriveVehicles(c)?.owned },
  { path: ['automezzi', 'comodato'], what: "Auto in comodato d'uso", table: (c) => deriveVehicles(c)?.loaned },
  { path: ['automezzi', 'attrezzate'], what: 'Auto attrezzate', table: (c) => deriveVehicles(c)?.equipped },
  { path: ['volontariato_civico', 'ore'], what: 'Volontariato civico, ore', table: (c) => deriveCivic(c)?.hours },
  { path: ['volontariato_civico', 'volontari'], what: 'Volontariato civico, volontari', table: (c) => deriveCivic(c)?.volunteers },
];

function get(obj: unknown, path: Path): unknown {
  return path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** One year's printed figures against the figures derive() gives for that year. */
function yearWarnings(c: YearContext, src: SourceDoc): Reconciled {
  const { year, y } = c;
  const out: Diagnostic[] = [];
  const printedOut: Printed[] = [];
  const warn = (code: Code, text: Text, path: Path) => out.push(diagnostic(code, text, locate(src, path), fieldPath(path), 'warning'));
  const differs = (path: Path, what: string, printed: string, computed: string, detail: string) => printedOut.push({ field: path.join('.'), year, what: `${what} ${year}`, printed, computed, detail });
  const total = (what: string, printed: number | undefined, computed: number, values: PerDistrict, path: Path) => {
    if (printed !== undefined && printed !== computed) {
      warn('totale-diverso', msg.printedTotal(`${what} ${year}`, printed, computed, parts(values)), path);
      differs(path, what, formatNumber(printed), formatNumber(computed), `somma di ${parts(values)}`);
    }
  };
  /** `computed` is the derived share of `part` in `whole`. */
  const percent = (what: string, printed: number | undefined, computed: number | undefined, part: number, whole: number, path: Path, opts: { unit?: string; deckShows?: string } = {}) => {
    if (printed === undefined || computed === undefined || whole === 0) return;
    if (Math.abs(computed * 100 - printed) >= PERCENT_TOLERANCE) {
      warn('percentuale-diversa', msg.printedPercent(`${what} ${year}`, printed, computed, `${formatNumber(part)} su ${formatNumber(whole)}`, opts.deckShows), path);
      differs(path, what, `${printed}%`, formatPercent(computed), `${formatNumber(part)}${opts.unit ? ` ${opts.unit}` : ''} su ${formatNumber(whole)}`);
    }
  };
  const difference = (what: string, printed: number | undefined, computed: Change | undefined, path: Path) => {
    if (printed === undefined || computed === undefined) return;
    if (printed !== computed.diff) {
      warn('differenza-diversa', msg.printedDifference(`${what} ${year}`, printed, computed.diff, `${formatNumber(computed.to)} − ${formatNumber(computed.from)}`), path);
      differs(path, what, formatSigned(printed), formatSigned(computed.diff), `${formatNumber(computed.to)} − ${formatNumber(computed.from)}`);
    }
  };
  const partOfWhole = (what: string, part: number | undefined, whole: number, path: Path) => {
    if (part !== undefined && part > whole) warn('parte-maggiore-del-totale', msg.partExceedsWhole(`${what} ${year}`, part, whole), path);
  };

  for (const t of TABLES) {
    const table = get(y, t.path) as { per_ambito: PerDistrict; totale_stampato?: number } | undefined;
    const derived = t.table(c);
    if (table && derived) total(t.what, table.totale_stampato, derived.total, table.per_ambito, [...t.path, 'totale_stampato']);
  }

  const members = deriveMembers(c);
  if (y.soci && members) {
    total('Soci', y.soci.totale_stampato, members.current.total, y.soci.per_ambito, ['soci', 'totale_stampato']);
    difference('Crescita dei soci', y.soci.crescita_stampata, members.change, ['soci', 'crescita_stampata']);
  }

  const network = deriveNetwork(c);
  if (y.rete && network) {
    const r = y.rete;
    const detail = `${parts(r.associazioni.per_ambito)} + provinciali ${r.provinciali}`;
    if (r.totale_stampato !== undefined && r.totale_stampato !== network.total) {
      warn('totale-diverso', msg.printedTotal(`Associazioni ${year}`, r.totale_stampato, network.total, detail), ['rete', 'totale_stampato']);
      differs(['rete', 'totale_stampato'], 'Associazioni', formatNumber(r.totale_stampato), formatNumber(network.total), detail);
    }
    if (network.byKind !== network.total) {
      warn('totali-non-tornano', msg.totalsDisagree(`Associazioni ${year}`, `APS ${r.aps} + ODV ${r.odv} = ${formatNumber(network.byKind)}`, `${detail} = ${formatNumber(network.total)}`), [
        'rete',
        'aps',
      ]);
    }
  }

  const conventions = deriveConventions(c);
  if (y.convenzioni && conventions) {
    const cv = y.convenzioni;
    const counterparts = Object.fromEntries(cv.controparti.map((x) => [x.nome, x.numero]));
    total('Convenzioni', cv.totale_stampato, conventions.total, counterparts, ['convenzioni', 'totale_stampato']);
    const byDistrict = Object.fromEntries(Object.entries(cv.per_ambito).map(([k, v]) => [k, v?.numero ?? 0]));
    if (conventions.byDistrictTotal !== conventions.total) {
      warn(
        'totali-non-tornano',
        msg.totalsDisagree(`Convenzioni ${year}`, `per controparte ${formatNumber(conventions.total)}`, `per ambito ${parts(byDistrict)} = ${formatNumber(conventions.byDistrictTotal)}`),
        ['convenzioni', 'per_ambito'],
      );
    }
    for (const [district, v] of Object.entries(cv.per_ambito)) {
      if (v && v.numero < v.comuni.length) {
        warn('convenzioni-meno-dei-comuni', msg.conventionsFewerThanMunicipalities(district, v.numero, v.comuni.length), ['convenzioni', 'per_ambito', district, 'numero']);
      }
    }
    percent(
      'Comuni con convenzione',
      cv.percentuale_comuni_stampata,
      conventions.municipalityShare,
      conventions.municipalitiesWith,
      conventions.municipalitiesInProvince,
      ['convenzioni', 'percentuale_comuni_stampata'],
      { unit: 'comuni' },
    );
  }

  const volunteers = deriveVolunteers(c);
  if (y.volontari?.totale !== undefined && volunteers?.byDistrict && volunteers.byDistrict.total !== y.volontari.totale) {
    warn('totale-diverso', msg.volunteersBothWays(y.volontari.totale, volunteers.byDistrict.total), ['volontari', 'totale']);
  }

  const vehicles = deriveVehicles(c);
  if (y.automezzi && vehicles) {
    for (const [district, equipped] of Object.entries(y.automezzi.attrezzate.per_ambito)) {
      const fleet = vehicles.fleetByDistrict.rows.find((r) => r.district === district)?.value ?? 0;
      partOfWhole(`Auto attrezzate, ${district},`, equipped, fleet, ['automezzi', 'attrezzate', 'per_ambito', district]);
    }
  }

  const mobility = deriveMobility(c);
  if (y.mobilita_sociale && mobility) {
    const m = y.mobilita_sociale;
    const p = ['mobilita_sociale'];
    partOfWhole('Accessi a strutture ospedaliere', m.accessi_strutture_ospedaliere, m.interventi, [...p, 'accessi_strutture_ospedaliere']);
    partOfWhole('Accessi agli ospedali pubblici', m.accessi_ospedali_pubblici, m.accessi_strutture_ospedaliere, [...p, 'accessi_ospedali_pubblici']);
    partOfWhole('Interventi per persone diversamente abili', m.persone_disabili, mobility.rest, [...p, 'persone_disabili']);
    percent(
      'Accessi a strutture ospedaliere',
      m.accessi_strutture_ospedaliere_percentuale_stampata,
      mobility.hospitalShare,
      m.accessi_strutture_ospedaliere,
      m.interventi,
      [...p, 'accessi_strutture_ospedaliere_percentuale_stampata'],
      { unit: 'servizi' },
    );
    if (m.accessi_ospedali_pubblici !== undefined) {
      percent('Accessi agli ospedali pubblici', m.ospedali_pubblici_percentuale, mobility.publicHospitalsShare, m.accessi_ospedali_pubblici, m.interventi, [...p, 'ospedali_pubblici_percentuale']);
      // "Di questi [the hospital accesses] il 26%": a share of the hospital accesses, not of all services.
      percent(
        'Quota degli accessi ospedalieri negli ospedali pubblici',
        m.ospedali_pubblici_su_accessi_percentuale_stampata,
        mobility.publicHospitalsOfHospitalShare,
        m.accessi_ospedali_pubblici,
        m.accessi_strutture_ospedaliere,
        [...p, 'ospedali_pubblici_su_accessi_percentuale_stampata'],
        { unit: 'accessi', deckShows: `dice che il ${formatPercent(mobility.publicHospitalsShare!)} di tutti i ${formatNumber(m.interventi)} servizi è negli ospedali pubblici` },
      );
    }
    if (m.persone_disabili !== undefined) {
      percent(
        'Interventi per persone diversamente abili',
        m.persone_disabili_percentuale_stampata,
        mobility.disabledShare,
        m.persone_disabili,
        m.interventi,
        [...p, 'persone_disabili_percentuale_stampata'],
        { unit: 'servizi' },
      );
    }
    const split = [
      { field: 'ospedali_pubblici_percentuale', share: m.ospedali_pubblici_percentuale },
      { field: 'altre_strutture_provincia_percentuale', share: m.altre_strutture_provincia_percentuale },
      { field: 'fuori_provincia_percentuale', share: m.fuori_provincia_percentuale },
    ];
    if (split.every((x) => x.share !== undefined)) {
      const shares = split as { field: string; share: number }[];
      const splitSum = shares.reduce((a, b) => a + b.share, 0);
      const whole = mobility.hospitalShare * 100;
      // Three rounded shares may drift from their whole by up to 1.5 points.
      if (Math.abs(splitSum - whole) > 1.5) {
        warn(
          'quote-non-tornano',
          msg.sharesDoNotAdd(`Accessi a strutture sanitarie ${year}`, shares, splitSum, { share: mobility.hospitalShare, part: m.accessi_strutture_ospedaliere, whole: m.interventi }),
          [...p, 'ospedali_pubblici_percentuale'],
        );
      }
    }
  }

  const totals = deriveTotals(c);
  if (y.totali && totals) {
    const t = y.totali;
    difference('Totale prestazioni', t.prestazioni_differenza_stampata, totals.current.servicesChange, ['totali', 'prestazioni_differenza_stampata']);
    difference('Totale assistiti', t.assistiti_differenza_stampata, totals.current.peopleChange, ['totali', 'assistiti_differenza_stampata']);
    const ratio = totals.current.servicesPerPerson;
    if (t.interventi_per_assistito_stampato !== undefined && ratio !== undefined) {
      if (Math.abs(ratio - t.interventi_per_assistito_stampato) >= 1) {
        warn(
          'rapporto-diverso',
          msg.printedRatio(`Interventi per assistito ${year}`, t.interventi_per_assistito_stampato, ratio, `${formatNumber(t.prestazioni)} prestazioni su ${formatNumber(t.assistiti)} assistiti`),
          ['totali', 'interventi_per_assistito_stampato'],
        );
        differs(
          ['totali', 'interventi_per_assistito_stampato'],
          'Interventi per assistito',
          formatDecimal(t.interventi_per_assistito_stampato),
          formatNumber(ratio),
          `${formatNumber(t.prestazioni)} prestazioni su ${formatNumber(t.assistiti)} assistiti`,
        );
      }
    }
  }

  const centres = deriveCentres(c);
  if (y.centri_sociali && centres) {
    const perDistrict = Object.fromEntries(Object.entries(y.centri_sociali.per_ambito).map(([k, v]) => [k, v.centri]));
    total('Centri sociali', y.centri_sociali.totale_centri_stampato, centres.centres, perDistrict, ['centri_sociali', 'totale_centri_stampato']);
  }
  const unipop = deriveUnipop(c);
  if (y.unipop && unipop) total('Corsi Unipop', y.unipop.corsi_totale_stampato, unipop.coursesTotal, y.unipop.corsi_per_comune as PerDistrict, ['unipop', 'corsi_totale_stampato']);
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
      const d = diagnostic(
        'storico-incompleto',
        msg.seriesGap(String(field), what, y, src.file, ds.years.get(y + 1)?.[field] !== undefined),
        locateField(src, [field], YEAR_FIELDS),
        String(field),
        'warning',
      );
      out.push({ ...d, subject: `${what} del ${y}` });
    }
  }
  return out;
}

export interface Reconciled {
  diagnostics: Diagnostic[];
  /** Every figure the original documents printed differently from the data, oldest year first, up to
   * the year built (a history slide shows the earlier years too): the speaker notes say them. */
  printed: Printed[];
}

/** One pass over every year: the warnings, and the printed figures that differ (for the notes). */
export function reconcile(ds: Dataset): Reconciled {
  const diagnostics: Diagnostic[] = historyGaps(ds);
  const printed: Printed[] = [];
  for (const year of [...ds.years.keys()].filter((k) => k <= ds.year).sort((a, b) => a - b)) {
    const r = yearWarnings(yearContext(ds, year), ds.sources.get(year)!);
    diagnostics.push(...r.diagnostics);
    printed.push(...r.printed);
  }
  return { diagnostics, printed };
}
