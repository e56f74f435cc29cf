/** Dataset -> Figures: every total, difference, share and series the outputs show, section by section of
 * the deck (one function and one result type each). Pure; no I/O. Nothing here is formatted: `format.ts`
 * does that at the edge. Charts and reconcile read these figures; they compute no total of their own. */

import { type Dataset, type District, existsIn } from './dataset.js';
import type { PerDistrict, Year } from './schema.js';

// ---- Building blocks -------------------------------------------------------------------------------

export interface DistrictValue {
  district: string;
  colour: string;
  value: number;
  /** value / total, between 0 and 1 (0 when the total is 0). */
  share: number;
  /** The share as a whole percent, as the outputs write it: the rows' percents add up to 100 (wholePercents). */
  percent: number;
}

export interface DistrictTable {
  rows: DistrictValue[];
  total: number;
  /** The total is the network's average of a ratio (hours a head), not a sum of the rows. */
  average?: boolean;
}

export interface Change {
  from: number;
  to: number;
  diff: number;
  /** Relative change, (to - from) / from; undefined when from is 0. */
  ratio?: number;
  /** Which way it went, as a title says it: a move smaller than STABLE_RATIO is `flat` (see trendOf). */
  trend: Trend;
}

export type Trend = 'up' | 'down' | 'flat';

/** A change of less than 1% either way is "stable" in a title: -283 services on 79.614 (-0,4%) is not a fall. */
export const STABLE_RATIO = 0.01;

/** The direction of a change from `from` to `to`: up, down, or flat when it moved by less than STABLE_RATIO. */
export function trendOf(from: number, to: number): Trend {
  if (to === from) return 'flat';
  if (from !== 0 && Math.abs(to - from) / Math.abs(from) < STABLE_RATIO) return 'flat';
  return to > from ? 'up' : 'down';
}

/** One year of a per-district history. */
export interface YearTable {
  year: number;
  table: DistrictTable;
  /** The total's change from the first year of the history to this one. */
  sinceFirst: Change;
}

/** One year of a single figure's history. */
export interface SeriesPoint {
  year: number;
  value: number;
  /** The change from the year before, when the year before is in the series (a gap leaves it out). */
  change?: Change;
  /** The change from the first year of the series to this one. */
  sinceFirst: Change;
}

/** A per-district figure this year beside the year before. */
export interface Comparison {
  current: DistrictTable;
  previous?: DistrictTable;
  previousYear?: number;
  change?: Change;
  /** Per district: current, previous and their difference. */
  /** Per district of either year: current, previous and their difference; a year the district did not
   * exist in (rete.yaml's dal / fino_al) leaves its side undefined. */
  byDistrict: { district: string; colour: string; current?: number; previous?: number; diff?: number }[];
  /** Districts of this year that the year before did not have (rete.yaml's `dal`): their figures are in
   * `change` without being growth of the districts that were there; empty without the year before. */
  arrived: { district: string; current: number }[];
  /** Districts of the year before that this year no longer has (`fino_al`): their figures left `change`. */
  departed: { district: string; previous: number }[];
  /** With a district arrived or departed: the change over the districts both years have, like for like. */
  likeForLike: Change | undefined;
  /** The districts of both years that went the other way from the total (a fall inside a rise, a rise inside
   * a fall), by any amount: a title says them, since a decline is never left for the audience to spot. */
  against: DistrictChange[];
  /** The other districts of both years, which went the total's way (or did not move). */
  along: DistrictChange[];
}

/** A district's figure this year against the year before. */
export interface DistrictChange {
  district: string;
  colour: string;
  change: Change;
}

/** A named part of something, with its share of the whole when the whole is known. */
export interface Category {
  name: string;
  count: number;
  share?: number;
  /** The share as a whole percent, as the outputs write it (wholePercents), with the share. */
  percent?: number;
  /** A part of the last category before it that is not a part ("di cui ..."): drawn under it, not counted
   * in the total, and without a share of its own (the share is its whole's). */
  part?: boolean;
}

/** Named parts and their total (a chart of categories writes it in its table). */
export interface Categories {
  items: Category[];
  total: number;
}

export const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

/** Parts of a whole as whole percents. Where the parts make up the whole, the percents add up to 100 (the
 * largest remainder: each part gets its rounded-down percent, the points still missing go to the parts that
 * lost most to rounding, the earlier one first on a tie), so no chart writes 54% + 37% + 6% + 4% = 101%.
 * Parts that do not make up their whole are each rounded to the nearest percent. */
export function wholePercents(parts: readonly number[], whole: number): number[] {
  if (whole === 0) return parts.map(() => 0);
  const exact = parts.map((p) => (p / whole) * 100);
  if (sum(parts) !== whole || parts.some((p) => p < 0)) return exact.map((x) => Math.round(x));
  const floors = exact.map((x) => Math.floor(x));
  const missing = 100 - sum(floors);
  const order = exact.map((x, i) => ({ i, rest: x - floors[i] })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order.slice(0, missing)) floors[i]++;
  return floors;
}

export function change(from: number, to: number): Change {
  return { from, to, diff: to - from, ratio: from !== 0 ? (to - from) / from : undefined, trend: trendOf(from, to) };
}

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Named counts and their total; with `whole`, each count's share of it. */
function categoriesOf(parts: { name: string; count: number; part?: boolean }[], whole?: number): Categories {
  const total = sum(parts.filter((p) => !p.part).map((p) => p.count));
  if (whole === undefined) return { items: parts, total };
  const wholes = parts.filter((p) => !p.part);
  const percents = wholePercents(
    wholes.map((p) => p.count),
    whole,
  );
  return { items: parts.map((p) => (p.part ? p : { ...p, share: share(p.count, whole), percent: percents[wholes.indexOf(p)] })), total };
}

/** A per-district record -> rows in the declared district order, with shares and the total. */
export function districtTable(values: PerDistrict, districts: readonly District[]): DistrictTable {
  const total = sum(districts.map((d) => values[d.name] ?? 0));
  const percents = wholePercents(
    districts.map((d) => values[d.name] ?? 0),
    total,
  );
  return {
    rows: districts.map((d, i) => ({ district: d.name, colour: d.colour, value: values[d.name] ?? 0, share: share(values[d.name] ?? 0, total), percent: percents[i] })),
    total,
  };
}

/** This year against the year before, each year with the districts that existed then (rete.yaml's dal /
 * fino_al); `byDistrict` has every district of either year, a side it did not exist in left undefined. */
function compare(current: PerDistrict, previous: PerDistrict | undefined, previousYear: number | undefined, districts: readonly District[], year: number): Comparison {
  const now = districts.filter((d) => existsIn(d, year));
  const before = districts.filter((d) => previousYear !== undefined && existsIn(d, previousYear));
  const cur = districtTable(current, now);
  const prev = previous ? districtTable(previous, before) : undefined;
  const either = districts.filter((d) => now.includes(d) || (previous && before.includes(d)));
  const arrived = prev ? now.filter((d) => !before.includes(d)).map((d) => ({ district: d.name, current: current[d.name] ?? 0 })) : [];
  const departed = prev && previous ? before.filter((d) => !now.includes(d)).map((d) => ({ district: d.name, previous: previous[d.name] ?? 0 })) : [];
  const both = now.filter((d) => before.includes(d));
  const sumOf = (figures: PerDistrict | undefined, ds: readonly District[]) => ds.reduce((sum, d) => sum + (figures?.[d.name] ?? 0), 0);
  const total = prev ? change(prev.total, cur.total) : undefined;
  const moves: (DistrictChange & { against: boolean })[] =
    total && previous
      ? both.map((d) => {
          const c = change(previous[d.name] ?? 0, current[d.name] ?? 0);
          return { district: d.name, colour: d.colour, change: c, against: c.diff !== 0 && total.diff !== 0 && Math.sign(c.diff) !== Math.sign(total.diff) };
        })
      : [];
  // Absent values stay as keys set to undefined: templates in strict mode tell "absent" from "misspelled".
  return {
    current: cur,
    previous: prev,
    previousYear: prev ? previousYear : undefined,
    change: total,
    arrived,
    departed,
    likeForLike: arrived.length || departed.length ? change(sumOf(previous, both), sumOf(current, both)) : undefined,
    against: moves.filter((m) => m.against).map(({ against: _a, ...m }) => m),
    along: moves.filter((m) => !m.against).map(({ against: _a, ...m }) => m),
    byDistrict: either.map((d) => {
      const to = now.includes(d) ? (current[d.name] ?? 0) : undefined;
      const from = previous && before.includes(d) ? (previous[d.name] ?? 0) : undefined;
      return { district: d.name, colour: d.colour, current: to, previous: from, diff: to !== undefined && from !== undefined ? to - from : undefined };
    }),
  };
}

/** The series of one per-district figure across the years that have it, oldest first; each year's table
 * has the districts that existed that year only (no zero for a district before it started). */
function history(years: Map<number, Year>, pick: (y: Year) => PerDistrict | undefined, districts: readonly District[]): YearTable[] {
  const tables: { year: number; table: DistrictTable }[] = [];
  for (const [year, y] of years) {
    const v = pick(y);
    if (v)
      tables.push({
        year,
        table: districtTable(
          v,
          districts.filter((d) => existsIn(d, year)),
        ),
      });
  }
  return tables.map((t) => ({ ...t, sinceFirst: change(tables[0].table.total, t.table.total) }));
}

/** The series of one figure across the years that have it, oldest first, each year with its changes. */
function seriesOf(points: { year: number; value: number }[]): SeriesPoint[] {
  return points.map((p, i) => {
    const before = points[i - 1];
    return { ...p, change: before && before.year === p.year - 1 ? change(before.value, p.value) : undefined, sinceFirst: change(points[0].value, p.value) };
  });
}

// ---- Sections --------------------------------------------------------------------------------------

/** What each section reads: one year's figures, the year before's, and the network. */
export interface YearContext {
  year: number;
  y: Year;
  /** The year before (year - 1), when its file is there. */
  prev: Year | undefined;
  /** Every year up to this one, oldest first (for histories). */
  years: Map<number, Year>;
  /** The districts that existed this year (rete.yaml's dal / fino_al). */
  districts: readonly District[];
  /** Every declared district: histories and comparisons pick each year's. */
  declared: readonly District[];
  municipalitiesInProvince: number;
}

/** The context of one year of the dataset: the year built, or an earlier one (reconcile checks each). */
export function yearContext(ds: Dataset, year: number): YearContext {
  return {
    year,
    y: ds.years.get(year)!,
    prev: ds.years.get(year - 1),
    years: new Map([...ds.years].filter(([k]) => k <= year)),
    districts: ds.districts.filter((d) => existsIn(d, year)),
    declared: ds.districts,
    municipalitiesInProvince: ds.municipalities.length,
  };
}

export interface Assembly {
  title: string;
  date: string;
  place: string | undefined;
}

export function deriveAssembly({ y }: YearContext): Assembly | undefined {
  return y.assemblea && { title: y.assemblea.titolo, date: y.assemblea.data, place: y.assemblea.luogo };
}

export interface NetworkFigures {
  associations: DistrictTable;
  provincial: number;
  /** Associations in the districts plus the provincial ones. */
  total: number;
  aps: number;
  odv: number;
  /** APS plus ODV: the same associations counted by their kind. */
  byKind: number;
  /** The districts' associations and the provincial ones (a row of their own, without a district's
   * colour: the chart draws it in neutral ink), with their shares of the whole network. */
  withProvincial: DistrictTable;
}

export function deriveNetwork({ y, districts }: YearContext): NetworkFigures | undefined {
  if (!y.rete) return undefined;
  const associations = districtTable(y.rete.associazioni.per_ambito, districts);
  const total = associations.total + y.rete.provinciali;
  const rows = [...associations.rows, ...(y.rete.provinciali ? [{ district: 'Provinciali', colour: '', value: y.rete.provinciali, share: 0, percent: 0 }] : [])];
  const percents = wholePercents(
    rows.map((r) => r.value),
    total,
  );
  const withProvincial: DistrictTable = { rows: rows.map((r, i) => ({ ...r, share: share(r.value, total), percent: percents[i] })), total };
  return { associations, provincial: y.rete.provinciali, total, aps: y.rete.aps, odv: y.rete.odv, byKind: y.rete.aps + y.rete.odv, withProvincial };
}

export interface Conventions {
  byCounterpart: Categories;
  /** The same, the small counterparts (under 5% of the conventions each, when there are more than four)
   * in one category at the end, named `Altre controparti`, so that a slide draws few bars of some size. */
  byCounterpartGrouped: Categories;
  /** The counterparts grouped there, in the order given ("Tribunale 1, Prefettura 1"). */
  smallCounterparts: { name: string; count: number }[];
  /** Conventions in all, by counterpart. */
  total: number;
  byDistrict: { district: string; colour: string; count: number; municipalities: string[] }[];
  /** Conventions in all, by district (the data give them both ways). */
  byDistrictTotal: number;
  withConvention: { name: string; district: string; colour: string }[];
  municipalitiesWith: number;
  municipalitiesInProvince: number;
  municipalityShare: number;
}

export function deriveConventions({ y, districts, municipalitiesInProvince }: YearContext): Conventions | undefined {
  const c = y.convenzioni;
  if (!c) return undefined;
  const total = sum(c.controparti.map((x) => x.numero));
  const byDistrict = districts.map((d) => {
    const entry = c.per_ambito[d.name];
    return { district: d.name, colour: d.colour, count: entry?.numero ?? 0, municipalities: entry?.comuni ?? [] };
  });
  const withConvention = byDistrict.flatMap((d) => d.municipalities.map((name) => ({ name, district: d.district, colour: d.colour })));
  const parts = c.controparti.map((x) => ({ name: x.nome, count: x.numero }));
  const small = parts.length > 4 ? parts.filter((x) => x.count < total * 0.05) : [];
  const grouped = small.length >= 2 ? [...parts.filter((x) => !small.includes(x)), { name: 'Altre controparti', count: sum(small.map((x) => x.count)) }] : parts;
  return {
    byCounterpart: categoriesOf(parts, total),
    byCounterpartGrouped: categoriesOf(grouped, total),
    smallCounterparts: small.length >= 2 ? small : [],
    total,
    byDistrict,
    byDistrictTotal: sum(byDistrict.map((d) => d.count)),
    withConvention,
    municipalitiesWith: withConvention.length,
    municipalitiesInProvince,
    municipalityShare: share(withConvention.length, municipalitiesInProvince),
  };
}

export interface Members extends Comparison {
  history: YearTable[];
  sinceFirst: (Change & { fromYear: number }) | undefined;
}

export function deriveMembers({ y, prev, year, years, declared }: YearContext): Members | undefined {
  if (!y.soci) return undefined;
  const membersHistory = history(years, (x) => x.soci?.per_ambito, declared);
  return {
    ...compare(y.soci.per_ambito, prev?.soci?.per_ambito, prev?.soci ? year - 1 : undefined, declared, year),
    history: membersHistory,
    sinceFirst: membersHistory.length > 1 ? { fromYear: membersHistory[0].year, ...membersHistory.at(-1)!.sinceFirst } : undefined,
  };
}

export interface Volunteers {
  current: number;
  previous: number | undefined;
  previousYear: number | undefined;
  change: Change | undefined;
  history: SeriesPoint[];
  byDistrict: DistrictTable | undefined;
  previousByDistrict: DistrictTable | undefined;
}

/** Volunteers in all: the districts' sum, or the total when the data give no division. */
const volunteerTotal = (v: Year['volontari']) => (v ? (v.per_ambito ? sum(Object.values(v.per_ambito)) : (v.totale ?? 0)) : undefined);

export function deriveVolunteers({ y, prev, year, years, districts, declared }: YearContext): Volunteers | undefined {
  if (!y.volontari) return undefined;
  const current = volunteerTotal(y.volontari)!;
  const previous = volunteerTotal(prev?.volontari);
  return {
    current,
    previous,
    previousYear: previous !== undefined ? year - 1 : undefined,
    change: previous !== undefined ? change(previous, current) : undefined,
    history: seriesOf([...years].filter(([, x]) => x.volontari).map(([k, x]) => ({ year: k, value: volunteerTotal(x.volontari)! }))),
    byDistrict: y.volontari.per_ambito ? districtTable(y.volontari.per_ambito, districts) : undefined,
    previousByDistrict: prev?.volontari?.per_ambito
      ? districtTable(
          prev.volontari.per_ambito,
          declared.filter((d) => existsIn(d, year - 1)),
        )
      : undefined,
  };
}

export interface Hours extends Comparison {
  history: YearTable[];
}

export function deriveHours({ y, prev, year, years, declared }: YearContext): Hours | undefined {
  if (!y.ore_volontariato) return undefined;
  return {
    ...compare(y.ore_volontariato.per_ambito, prev?.ore_volontariato?.per_ambito, prev?.ore_volontariato ? year - 1 : undefined, declared, year),
    history: history(years, (x) => x.ore_volontariato?.per_ambito, declared),
  };
}

export interface Vehicles {
  owned: DistrictTable;
  loaned: DistrictTable;
  equipped: DistrictTable;
  /** Owned plus loaned. */
  fleet: number;
  /** Owned plus loaned, per district (equipped cars are some of them). */
  fleetByDistrict: DistrictTable;
}

export function deriveVehicles({ y, districts }: YearContext): Vehicles | undefined {
  const a = y.automezzi;
  if (!a) return undefined;
  const owned = districtTable(a.proprieta.per_ambito, districts);
  const loaned = districtTable(a.comodato.per_ambito, districts);
  const fleetByDistrict = districtTable(Object.fromEntries(districts.map((d) => [d.name, (a.proprieta.per_ambito[d.name] ?? 0) + (a.comodato.per_ambito[d.name] ?? 0)])), districts);
  return { owned, loaned, equipped: districtTable(a.attrezzate.per_ambito, districts), fleet: owned.total + loaned.total, fleetByDistrict };
}

export interface Mobility {
  services: number;
  hospital: number;
  hospitalShare: number;
  /** Services that are not hospital accesses. */
  rest: number;
  restShare: number;
  publicHospitals: number | undefined;
  /** Public hospital accesses as a share of all services (what the deck says). */
  publicHospitalsShare: number | undefined;
  /** Public hospital accesses as a share of the hospital accesses. */
  publicHospitalsOfHospitalShare: number | undefined;
  /** The public hospitals as a sentence names them ("ASST di ..."), and a comment on their figure: data. */
  publicHospitalNames: string | undefined;
  publicHospitalsComment: string | undefined;
  publicHospitalsPercent: number | undefined;
  otherFacilitiesPercent: number | undefined;
  outsidePercent: number | undefined;
  disabled: number | undefined;
  disabledShare: number | undefined;
  split: Categories;
  peopleByDistrict: DistrictTable | undefined;
  servicesByDistrict: DistrictTable | undefined;
  byHospital: Categories | undefined;
  privateFacilities: Categories | undefined;
}

export function deriveMobility({ y, districts }: YearContext): Mobility | undefined {
  const m = y.mobilita_sociale;
  if (!m) return undefined;
  const rest = m.interventi - m.accessi_strutture_ospedaliere;
  const named = (list: { nome: string; numero: number }[] | undefined) => (list?.length ? categoriesOf(list.map((h) => ({ name: h.nome, count: h.numero }))) : undefined);
  return {
    services: m.interventi,
    hospital: m.accessi_strutture_ospedaliere,
    hospitalShare: share(m.accessi_strutture_ospedaliere, m.interventi),
    rest,
    restShare: share(rest, m.interventi),
    publicHospitals: m.accessi_ospedali_pubblici,
    publicHospitalsShare: m.accessi_ospedali_pubblici !== undefined ? share(m.accessi_ospedali_pubblici, m.interventi) : undefined,
    publicHospitalsOfHospitalShare: m.accessi_ospedali_pubblici !== undefined ? share(m.accessi_ospedali_pubblici, m.accessi_strutture_ospedaliere) : undefined,
    publicHospitalNames: m.ospedali_pubblici_nomi,
    publicHospitalsComment: m.ospedali_pubblici_commento,
    publicHospitalsPercent: m.ospedali_pubblici_percentuale,
    otherFacilitiesPercent: m.altre_strutture_provincia_percentuale,
    outsidePercent: m.fuori_provincia_percentuale,
    disabled: m.persone_disabili,
    disabledShare: m.persone_disabili !== undefined ? share(m.persone_disabili, m.interventi) : undefined,
    split: categoriesOf(
      [
        { name: 'Accessi a strutture ospedaliere', count: m.accessi_strutture_ospedaliere },
        // The accesses divided: the public hospitals' (a figure of their own) and the rest, inside their whole.
        ...(m.accessi_ospedali_pubblici !== undefined
          ? [
              { name: 'di cui negli ospedali pubblici', count: m.accessi_ospedali_pubblici, part: true },
              { name: 'di cui in altre strutture', count: m.accessi_strutture_ospedaliere - m.accessi_ospedali_pubblici, part: true },
            ]
          : []),
        ...(m.persone_disabili !== undefined
          ? [
              { name: 'Persone con disabilità', count: m.persone_disabili },
              { name: 'Altri servizi', count: rest - m.persone_disabili },
            ]
          : [{ name: 'Altri servizi', count: rest }]),
      ],
      m.interventi,
    ),
    peopleByDistrict: m.assistiti_per_ambito ? districtTable(m.assistiti_per_ambito, districts) : undefined,
    servicesByDistrict: m.interventi_per_ambito ? districtTable(m.interventi_per_ambito, districts) : undefined,
    byHospital: named(m.accessi_per_ospedale),
    privateFacilities: named(m.accessi_strutture_private),
  };
}

export function deriveKm({ y, prev, year, declared }: YearContext): Comparison | undefined {
  return y.km_percorsi && compare(y.km_percorsi.per_ambito, prev?.km_percorsi?.per_ambito, prev?.km_percorsi ? year - 1 : undefined, declared, year);
}

export interface PersonalHelp {
  deliveries: DistrictTable | undefined;
  company: DistrictTable | undefined;
  secretariat: DistrictTable | undefined;
  peopleReached: DistrictTable | undefined;
  assisted: DistrictTable | undefined;
  previousAssisted: DistrictTable | undefined;
}

export function derivePersonalHelp({ y, prev, year, districts, declared }: YearContext): PersonalHelp {
  const optionalTable = (v: PerDistrict | undefined) => (v ? districtTable(v, districts) : undefined);
  const help = y.aiuto_alla_persona;
  return {
    deliveries: optionalTable(help?.consegne),
    company: optionalTable(help?.compagnia),
    secretariat: optionalTable(help?.segretariato_sociale),
    peopleReached: optionalTable(help?.persone_raggiunte),
    assisted: optionalTable(help?.assistiti_per_ambito),
    previousAssisted: prev?.aiuto_alla_persona?.assistiti_per_ambito
      ? districtTable(
          prev.aiuto_alla_persona.assistiti_per_ambito,
          declared.filter((d) => existsIn(d, year - 1)),
        )
      : undefined,
  };
}

export interface Workshops {
  list: {
    name: string;
    place: string;
    municipality: string /** The municipality, when the place is a hamlet of it (Ca' d'Andrea, Torre de' Picenardi). */;
    hamletOf: string | undefined;
    volunteers: number;
    hours: number;
    km: number | undefined;
    aids: number | undefined;
  }[];
  /** Some workshop gives its km, or its aids: then every card has that row (a "—" where it has none). */
  anyKm: boolean;
  anyAids: boolean;
  volunteers: number;
  hours: number;
  aids: number;
}

export function deriveWorkshops({ y }: YearContext): Workshops | undefined {
  const w = y.officine_aiuto;
  return (
    w && {
      list: w.map((o) => ({
        name: o.nome,
        place: o.luogo ?? o.comune,
        municipality: o.comune,
        hamletOf: o.luogo && o.luogo !== o.comune ? o.comune : undefined,
        volunteers: o.volontari,
        hours: o.ore,
        km: o.km,
        aids: o.ausili,
      })),
      anyKm: w.some((o) => o.km !== undefined),
      anyAids: w.some((o) => o.ausili !== undefined),
      volunteers: sum(w.map((o) => o.volontari)),
      hours: sum(w.map((o) => o.ore)),
      aids: sum(w.map((o) => o.ausili ?? 0)),
    }
  );
}

export interface TotalsYear {
  year: number;
  services: number;
  people: number;
  servicesChange: Change | undefined;
  peopleChange: Change | undefined;
  servicesPerPerson: number | undefined;
  /** Services per person against the year before's. */
  perPersonChange: Change | undefined;
}

export interface Totals {
  current: TotalsYear;
  history: TotalsYear[];
  series: { services: SeriesPoint[]; people: SeriesPoint[] };
}

export function deriveTotals({ y, years }: YearContext): Totals | undefined {
  if (!y.totali) return undefined;
  const totalsHistory = [...years]
    .filter(([, x]) => x.totali)
    .map(([year, x], i, all): TotalsYear => {
      const before = all[i - 1];
      const adjacent = before && before[0] === year - 1 ? before[1].totali! : undefined;
      return {
        year,
        services: x.totali!.prestazioni,
        people: x.totali!.assistiti,
        servicesChange: adjacent ? change(adjacent.prestazioni, x.totali!.prestazioni) : undefined,
        peopleChange: adjacent ? change(adjacent.assistiti, x.totali!.assistiti) : undefined,
        servicesPerPerson: x.totali!.assistiti ? x.totali!.prestazioni / x.totali!.assistiti : undefined,
        perPersonChange: adjacent?.assistiti && x.totali!.assistiti ? change(adjacent.prestazioni / adjacent.assistiti, x.totali!.prestazioni / x.totali!.assistiti) : undefined,
      };
    });
  return {
    current: totalsHistory.at(-1)!,
    history: totalsHistory,
    series: {
      services: seriesOf(totalsHistory.map((t) => ({ year: t.year, value: t.services }))),
      people: seriesOf(totalsHistory.map((t) => ({ year: t.year, value: t.people }))),
    },
  };
}

export interface Civic {
  hours: DistrictTable;
  volunteers: DistrictTable;
  /** Hours in all over volunteers in all; undefined without volunteers. */
  hoursPerVolunteer: number | undefined;
  /** Each district's hours over its volunteers (0 where it has none); as its total, the network's average
   * (hoursPerVolunteer), not a sum. Undefined without volunteers. */
  hoursPerVolunteerByDistrict: DistrictTable | undefined;
  activities: string[];
}

export function deriveCivic({ y, districts }: YearContext): Civic | undefined {
  const c = y.volontariato_civico;
  if (!c) return undefined;
  const hours = districtTable(c.ore.per_ambito, districts);
  const volunteers = districtTable(c.volontari.per_ambito, districts);
  const hoursPerVolunteer = volunteers.total ? hours.total / volunteers.total : undefined;
  const perHead = hours.rows.map((r, i) => ({ ...r, value: volunteers.rows[i].value ? r.value / volunteers.rows[i].value : 0 }));
  return {
    hours,
    volunteers,
    hoursPerVolunteer,
    hoursPerVolunteerByDistrict:
      hoursPerVolunteer === undefined
        ? undefined
        : { rows: perHead.map((r) => ({ ...r, share: share(r.value, hoursPerVolunteer), percent: Math.round(share(r.value, hoursPerVolunteer) * 100) })), total: hoursPerVolunteer, average: true },
    activities: c.attivita ?? [],
  };
}

export interface Centres {
  rows: { district: string; colour: string; centres: number; hours: number; volunteers: number; attendance: number }[];
  hoursByDistrict: DistrictTable;
  volunteersByDistrict: DistrictTable;
  attendanceByDistrict: DistrictTable;
  centres: number;
  hours: number;
  volunteers: number;
  attendance: number;
}

export function deriveCentres({ y, districts }: YearContext): Centres | undefined {
  const c = y.centri_sociali;
  if (!c) return undefined;
  const rows = districts.map((d) => {
    const r = c.per_ambito[d.name];
    return { district: d.name, colour: d.colour, centres: r?.centri ?? 0, hours: r?.ore_apertura ?? 0, volunteers: r?.volontari ?? 0, attendance: r?.affluenza ?? 0 };
  });
  const tableOf = (pick: (r: (typeof rows)[number]) => number) => districtTable(Object.fromEntries(rows.map((r) => [r.district, pick(r)])), districts);
  return {
    rows,
    hoursByDistrict: tableOf((r) => r.hours),
    volunteersByDistrict: tableOf((r) => r.volunteers),
    attendanceByDistrict: tableOf((r) => r.attendance),
    centres: sum(rows.map((r) => r.centres)),
    hours: sum(rows.map((r) => r.hours)),
    volunteers: sum(rows.map((r) => r.volunteers)),
    attendance: sum(rows.map((r) => r.attendance)),
  };
}

export interface Unipop {
  name: string;
  academicYear: string;
  enrolled: number;
  teachers: number;
  courses: { municipality: string; count: number }[];
  coursesTotal: number;
}

export function deriveUnipop({ y }: YearContext): Unipop | undefined {
  const u = y.unipop;
  if (!u) return undefined;
  const courses = Object.entries(u.corsi_per_comune).map(([municipality, count]) => ({ municipality, count: count ?? 0 }));
  return { name: u.nome, academicYear: u.anno_accademico, enrolled: u.iscritti, teachers: u.docenti, courses, coursesTotal: sum(courses.map((c) => c.count)) };
}

export interface Culture {
  members: string[];
  description: string | undefined;
  /** When the Unipop is one of the members, the others in words («A, B e C»): its slide tells the network
   * too, and the network has no slide of its own. */
  alongsideUnipop: string | undefined;
  /** True when the network has a slide of its own (no Unipop among its members); undefined otherwise. */
  ownSlide: true | undefined;
}

/** Names in Italian words: «A», «A e B», «A, B e C». */
const inWords = (names: string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} e ${names[names.length - 1]}`);

export function deriveCulture({ y }: YearContext): Culture | undefined {
  const r = y.rete_auser_cultura;
  if (!r) return undefined;
  const unipop = y.unipop?.nome.trim().toLowerCase();
  const others = r.membri.filter((m) => m.trim().toLowerCase() !== unipop);
  const withUnipop = unipop !== undefined && others.length < r.membri.length && others.length > 0;
  return { members: r.membri, description: r.descrizione, alongsideUnipop: withUnipop ? inWords(others) : undefined, ownSlide: withUnipop ? undefined : true };
}

export interface People {
  presidents: DistrictTable | undefined;
  presidentsWomen: number | undefined;
  boards: DistrictTable | undefined;
}

export function derivePeople({ y, districts }: YearContext): People | undefined {
  const o = y.organismi_dirigenti;
  return (
    o && {
      presidents: o.presidenti ? districtTable(o.presidenti, districts) : undefined,
      presidentsWomen: o.presidenti_donne,
      boards: o.comitati_direttivi ? districtTable(o.comitati_direttivi, districts) : undefined,
    }
  );
}

export interface Tourism {
  organisers: string[];
  hours: NonNullable<Year['turismo_sociale']>['ore_volontariato'];
  volunteers: NonNullable<Year['turismo_sociale']>['volontari'];
  participants: NonNullable<Year['turismo_sociale']>['partecipanti'];
  initiatives: NonNullable<Year['turismo_sociale']>['iniziative'];
  /** Participants per initiative, on average (undefined without initiatives). */
  participantsPerInitiative: number | undefined;
}

export function deriveTourism({ y }: YearContext): Tourism | undefined {
  const t = y.turismo_sociale;
  return (
    t && {
      organisers: t.organizzatori ?? [],
      hours: t.ore_volontariato,
      volunteers: t.volontari,
      participants: t.partecipanti,
      initiatives: t.iniziative,
      participantsPerInitiative: t.iniziative ? t.partecipanti / t.iniziative : undefined,
    }
  );
}

export interface Learning {
  initiatives: { municipality: string; description: string }[];
  participants: NonNullable<Year['apprendimento_permanente']>['partecipanti'];
}

export function deriveLearning({ y }: YearContext): Learning | undefined {
  const l = y.apprendimento_permanente;
  return l && { initiatives: (l.iniziative ?? []).map((i) => ({ municipality: i.comune, description: i.descrizione })), participants: l.partecipanti };
}

export interface Project {
  title: string;
  subtitle: string | undefined;
  promoter: string | undefined;
  funder: string | undefined;
  promotedAndFunded: boolean;
  sites: string[];
  aims: string[];
}

export function deriveProjects({ y }: YearContext): Project[] | undefined {
  return y.progetti?.map((p) => ({
    title: p.titolo,
    subtitle: p.sottotitolo,
    promoter: p.promotore,
    funder: p.finanziatore,
    promotedAndFunded: p.promotore !== undefined && p.promotore === p.finanziatore,
    sites: p.sedi ?? [],
    aims: p.obiettivi ?? [],
  }));
}

// ---- The whole ---------------------------------------------------------------------------------------

export interface Figures {
  year: number;
  /** The year compared with, when its file is there (year - 1). */
  previousYear: number | undefined;
  /** Each headline figure beside the year before's (see HEADLINES); undefined where either year lacks it. */
  changes: Record<HeadlineKey, Move | undefined>;
  /** The year in brief: the biggest moves, chosen by `brief`'s rule; empty without the year before. */
  brief: Move[];
  organisation: string;
  /** The network's territory: its name in a sentence ("provincia di ..."), the boundaries' credit, how many municipalities. */
  territory: { name: string; attribution: string; municipalities: number };
  logo: { file: string; alt: string } | undefined;
  /** The districts of the year built. */
  districts: readonly District[];
  /** Every district the outputs may draw (colours of histories too): all but those started after this year. */
  allDistricts: readonly District[];
  assembly: Assembly | undefined;
  network: NetworkFigures | undefined;
  conventions: Conventions | undefined;
  members: Members | undefined;
  people: People | undefined;
  volunteers: Volunteers | undefined;
  hours: Hours | undefined;
  vehicles: Vehicles | undefined;
  services: { group: string; items: string[] }[] | undefined;
  mobility: Mobility | undefined;
  km: Comparison | undefined;
  personalHelp: PersonalHelp;
  workshops: Workshops | undefined;
  totals: Totals | undefined;
  civic: Civic | undefined;
  centres: Centres | undefined;
  tourism: Tourism | undefined;
  learning: Learning | undefined;
  culture: Culture | undefined;
  unipop: Unipop | undefined;
  summer: { title: string; enrolled: number } | undefined;
  projects: Project[] | undefined;
  closing: { title: string; subtitle: string | undefined; farewell: string | undefined } | undefined;
  notes: NonNullable<Year['note']>;
  /** Titles the year's file sets by hand (titoli:), by slide id: they take the outline's place. */
  titles: NonNullable<Year['titoli']>;
  photos: NonNullable<Year['foto']>;
}

/** The figures of one year's sections: what derive computes for the year built, and for the year before. */
export type SectionFigures = Omit<Figures, 'year' | 'organisation' | 'territory' | 'logo' | 'districts' | 'allDistricts' | 'changes' | 'brief' | 'previousYear'>;

function deriveSections(c: YearContext): SectionFigures {
  const { y } = c;
  return {
    assembly: deriveAssembly(c),
    network: deriveNetwork(c),
    conventions: deriveConventions(c),
    members: deriveMembers(c),
    people: derivePeople(c),
    volunteers: deriveVolunteers(c),
    hours: deriveHours(c),
    vehicles: deriveVehicles(c),
    services: y.servizi_offerti?.map((g) => ({ group: g.gruppo, items: g.voci ?? [] })),
    mobility: deriveMobility(c),
    km: deriveKm(c),
    personalHelp: derivePersonalHelp(c),
    workshops: deriveWorkshops(c),
    totals: deriveTotals(c),
    civic: deriveCivic(c),
    centres: deriveCentres(c),
    tourism: deriveTourism(c),
    learning: deriveLearning(c),
    culture: deriveCulture(c),
    unipop: deriveUnipop(c),
    summer: y.estate && { title: y.estate.titolo, enrolled: y.estate.iscritti },
    projects: deriveProjects(c),
    closing: y.chiusura && { title: y.chiusura.titolo, subtitle: y.chiusura.sottotitolo, farewell: y.chiusura.saluto },
    notes: y.note ?? {},
    titles: y.titoli ?? {},
    photos: y.foto ?? [],
  };
}

export function derive(ds: Dataset): Figures {
  const c = yearContext(ds, ds.year);
  const sections = deriveSections(c);
  const before = c.prev ? deriveSections(yearContext(ds, ds.year - 1)) : undefined;
  const changes = movesOf(sections, before, ds.year - 1);
  return {
    year: ds.year,
    organisation: ds.network.organizzazione,
    territory: { name: ds.territory.name, attribution: ds.territory.attribution, municipalities: ds.municipalities.length },
    logo: ds.network.logo === undefined ? undefined : { file: ds.network.logo, alt: ds.network.logo_alt ?? '' },
    districts: c.districts,
    allDistricts: ds.districts.filter((d) => d.from === undefined || d.from <= ds.year),
    previousYear: before ? ds.year - 1 : undefined,
    changes,
    brief: brief(changes),
    ...sections,
  };
}

// ---- The year against the one before: headline figures and the year in brief -------------------------

/** A district's share of a headline move. */
export interface DistrictMove {
  district: string;
  colour: string;
  current: number;
  previous: number;
  change: Change;
}

/** A headline figure of the year beside the year before's. */
export interface Move {
  /** Which headline it is (a key of HEADLINES): the outline names it in words. */
  key: HeadlineKey;
  current: number;
  previous: number;
  previousYear: number;
  change: Change;
  /** Its districts' moves, for a figure counted by district both years (districts of both years only). */
  districts: DistrictMove[];
  /** In the year in brief, a line about one district of the headline (see brief). */
  district?: DistrictMove;
}

type Headline = { value: (f: SectionFigures) => number | undefined; byDistrict?: (f: SectionFigures) => DistrictTable | undefined };

/** The headline figure of each section, the one a title or the year in brief compares with the year before.
 * Their words are the outline's (templates/slides.yaml, the `in-breve` entry's labels). */
export const HEADLINES = {
  associations: { value: (f) => f.network?.total, byDistrict: (f) => f.network?.associations },
  conventions: { value: (f) => f.conventions?.total },
  municipalities: { value: (f) => f.conventions?.municipalitiesWith },
  members: { value: (f) => f.members?.current.total, byDistrict: (f) => f.members?.current },
  volunteers: { value: (f) => f.volunteers?.current, byDistrict: (f) => f.volunteers?.byDistrict },
  hours: { value: (f) => f.hours?.current.total, byDistrict: (f) => f.hours?.current },
  fleet: { value: (f) => f.vehicles?.fleet, byDistrict: (f) => f.vehicles?.fleetByDistrict },
  mobility: { value: (f) => f.mobility?.services },
  km: { value: (f) => f.km?.current.total, byDistrict: (f) => f.km?.current },
  services: { value: (f) => f.totals?.current.services },
  people: { value: (f) => f.totals?.current.people },
  civicHours: { value: (f) => f.civic?.hours.total, byDistrict: (f) => f.civic?.hours },
  centresAttendance: { value: (f) => f.centres?.attendance, byDistrict: (f) => f.centres?.attendanceByDistrict },
  tourism: { value: (f) => f.tourism?.participants },
  learning: { value: (f) => f.learning?.participants },
  unipop: { value: (f) => f.unipop?.enrolled },
  summer: { value: (f) => f.summer?.enrolled },
} satisfies Record<string, Headline>;

export type HeadlineKey = keyof typeof HEADLINES;

function districtMoves(now: DistrictTable | undefined, before: DistrictTable | undefined): DistrictMove[] {
  if (!now || !before) return [];
  return now.rows.flatMap((r) => {
    const p = before.rows.find((b) => b.district === r.district);
    return p ? [{ district: r.district, colour: r.colour, current: r.value, previous: p.value, change: change(p.value, r.value) }] : [];
  });
}

/** Every headline with this year's and last year's figure, by key; a headline either year lacks is undefined
 * (the key is there: templates in strict mode tell "no comparison" from a misspelt name). */
function movesOf(now: SectionFigures, before: SectionFigures | undefined, previousYear: number): Record<HeadlineKey, Move | undefined> {
  const entries = (Object.entries(HEADLINES) as [HeadlineKey, Headline][]).map(([key, h]) => {
    const current = h.value(now);
    const previous = before && h.value(before);
    if (current === undefined || previous === undefined) return [key, undefined] as const;
    const move: Move = { key, current, previous, previousYear, change: change(previous, current), districts: districtMoves(h.byDistrict?.(now), before && h.byDistrict?.(before)) };
    return [key, move] as const;
  });
  return Object.fromEntries(entries) as Record<HeadlineKey, Move | undefined>;
}

/** The year in brief takes figures of at least this size last year: 2 conventions becoming 3 (+50%) is not news. */
export const BRIEF_MIN_BASE = 20;
/** At most this many headlines... */
export const BRIEF_HEADLINES = 6;
/** ...and at least this many when there are (stable ones fill in when fewer moved). */
export const BRIEF_MIN = 6;

const size = (m: { change: Change }) => Math.abs(m.change.ratio ?? 0);

/** The 5-7 biggest moves of the year, biggest first (the rule the README gives):
 * 1. every headline with last year's figure of at least BRIEF_MIN_BASE is a candidate;
 * 2. those that moved (by STABLE_RATIO or more, either way) come first, by the size of their relative
 *    change, up to BRIEF_HEADLINES; if none of those fell but a candidate did, the largest fall takes the
 *    last place, so a fall is never left out;
 * 3. with fewer than BRIEF_MIN, the stable ones fill in, closest to moving first;
 * 4. one more line, right after its headline: the district that moved most against its headline's way
 *    (a fall inside a rise, a rise inside a fall or a stable total), by STABLE_RATIO or more, on a base of
 *    at least BRIEF_MIN_BASE. */
export function brief(changes: Record<HeadlineKey, Move | undefined>): Move[] {
  const candidates = Object.values(changes).filter((m): m is Move => !!m && m.previous >= BRIEF_MIN_BASE);
  const moved = candidates.filter((m) => m.change.trend !== 'flat').sort((a, b) => size(b) - size(a));
  const chosen = moved.slice(0, BRIEF_HEADLINES);
  const fall = moved.find((m) => m.change.trend === 'down');
  if (fall && !chosen.includes(fall)) chosen.splice(Math.min(chosen.length, BRIEF_HEADLINES - 1), 1, fall);
  const stable = candidates.filter((m) => m.change.trend === 'flat').sort((a, b) => size(b) - size(a));
  chosen.push(...stable.slice(0, Math.max(0, BRIEF_MIN - chosen.length)));
  chosen.sort((a, b) => size(b) - size(a));
  const against = chosen
    .flatMap((m) => m.districts.filter((d) => d.previous >= BRIEF_MIN_BASE && d.change.trend !== 'flat' && d.change.trend !== m.change.trend).map((d) => ({ m, d })))
    .sort((a, b) => size(b.d) - size(a.d))[0];
  if (!against) return chosen;
  const at = chosen.indexOf(against.m) + 1;
  return [...chosen.slice(0, at), { ...against.m, current: against.d.current, previous: against.d.previous, change: against.d.change, district: against.d }, ...chosen.slice(at)];
}
