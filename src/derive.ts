/** Dataset -> Figures: every total, difference, share and series the outputs show. Pure; no I/O.
 * Nothing here is formatted: `format.ts` does that at the edge. */
import type { PerDistrict, Year } from './schema.js';
import { existsIn, type Dataset, type District } from './validate.js';

export interface DistrictValue {
  district: string;
  colour: string;
  value: number;
  /** value / total, between 0 and 1 (0 when the total is 0). */
  share: number;
}

export interface DistrictTable {
  rows: DistrictValue[];
  total: number;
}

export interface Change {
  from: number;
  to: number;
  diff: number;
  /** Relative change, (to - from) / from; undefined when from is 0. */
  ratio?: number;
}

export interface YearTable {
  year: number;
  table: DistrictTable;
}

export interface Comparison {
  current: DistrictTable;
  previous?: DistrictTable;
  previousYear?: number;
  change?: Change;
  /** Per district: current, previous and their difference. */
  byDistrict: { district: string; colour: string; current: number; previous?: number; diff?: number }[];
}

export const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

export function change(from: number, to: number): Change {
  return { from, to, diff: to - from, ratio: from !== 0 ? (to - from) / from : undefined };
}

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** A per-district record -> rows in the declared district order, with shares and the total. */
/** Named parts of a whole, with their shares. */
function splitOf(whole: number, parts: { name: string; count: number }[]) {
  return parts.map((p) => ({ ...p, share: share(p.count, whole) }));
}

export interface SeriesPoint {
  year: number;
  value: number;
}

export function districtTable(values: PerDistrict, districts: readonly District[]): DistrictTable {
  const total = sum(districts.map((d) => values[d.name] ?? 0));
  return {
    rows: districts.map((d) => ({ district: d.name, colour: d.colour, value: values[d.name] ?? 0, share: share(values[d.name] ?? 0, total) })),
    total,
  };
}

/** This year against the year before, each year with the districts that existed then (rete.yaml's dal /
 * fino_al); `byDistrict` has every district of either year, a side it did not exist in left undefined. */
function compare(
  current: PerDistrict,
  previous: PerDistrict | undefined,
  previousYear: number | undefined,
  districts: readonly District[],
  year: number,
): Comparison {
  const now = districts.filter((d) => existsIn(d, year));
  const before = districts.filter((d) => previousYear !== undefined && existsIn(d, previousYear));
  const cur = districtTable(current, now);
  const prev = previous ? districtTable(previous, before) : undefined;
  const either = districts.filter((d) => now.includes(d) || (previous && before.includes(d)));
  // Absent values stay as keys set to undefined: templates in strict mode tell "absent" from "misspelled".
  return {
    current: cur,
    previous: prev,
    previousYear: prev ? previousYear : undefined,
    change: prev ? change(prev.total, cur.total) : undefined,
    byDistrict: either.map((d) => {
      const to = now.includes(d) ? (current[d.name] ?? 0) : undefined;
      const from = previous && before.includes(d) ? (previous[d.name] ?? 0) : undefined;
      return {
        district: d.name,
        colour: d.colour,
        current: to ?? 0,
        previous: from,
        diff: previous ? (to ?? 0) - (from ?? 0) : undefined,
      };
    }),
  };
}

/** The series of one per-district figure across the years that have it, oldest first; each year's table
 * has the districts that existed that year only (no zero for a district before it started). */
function history(years: Map<number, Year>, pick: (y: Year) => PerDistrict | undefined, districts: readonly District[]): YearTable[] {
  const out: YearTable[] = [];
  for (const [year, y] of years) {
    const v = pick(y);
    if (v) out.push({ year, table: districtTable(v, districts.filter((d) => existsIn(d, year))) });
  }
  return out;
}

export function derive(ds: Dataset) {
  // The year's own tables have the districts that existed that year; histories and comparisons pick theirs.
  const districts = ds.districts.filter((d) => existsIn(d, ds.year));
  const declared = ds.districts;
  const y = ds.years.get(ds.year)!;
  const prevYear = ds.year - 1;
  const prev = ds.years.get(prevYear);

  const assembly = y.assemblea && { title: y.assemblea.titolo, date: y.assemblea.data, place: y.assemblea.luogo };

  const network = y.rete && {
    associations: districtTable(y.rete.associazioni.per_ambito, districts),
    provincial: y.rete.provinciali,
    total: sum(Object.values(y.rete.associazioni.per_ambito)) + y.rete.provinciali,
    aps: y.rete.aps,
    odv: y.rete.odv,
  };

  const conventions = y.convenzioni && (() => {
    const c = y.convenzioni;
    const total = sum(c.controparti.map((x) => x.numero));
    const byDistrict = districts.map((d) => {
      const entry = c.per_ambito[d.name];
      return { district: d.name, colour: d.colour, count: entry?.numero ?? 0, municipalities: entry?.comuni ?? [] };
    });
    const withConvention = byDistrict.flatMap((d) => d.municipalities.map((name) => ({ name, district: d.district, colour: d.colour })));
    return {
      byCounterpart: c.controparti.map((x) => ({ name: x.nome, count: x.numero, share: share(x.numero, total) })),
      total,
      byDistrict,
      byDistrictTotal: sum(byDistrict.map((d) => d.count)),
      withConvention,
      municipalitiesWith: withConvention.length,
      municipalitiesInProvince: ds.municipalities.length,
      municipalityShare: share(withConvention.length, ds.municipalities.length),
    };
  })();

  const membersHistory = history(ds.years, (x) => x.soci?.per_ambito, declared);
  const members = y.soci && {
    ...compare(y.soci.per_ambito, prev?.soci?.per_ambito, prev?.soci ? prevYear : undefined, declared, ds.year),
    history: membersHistory,
    sinceFirst: membersHistory.length > 1 ? { fromYear: membersHistory[0].year, ...change(membersHistory[0].table.total, membersHistory.at(-1)!.table.total) } : undefined,
  };

  const volunteerTotal = (v: Year['volontari']) => (v ? (v.per_ambito ? sum(Object.values(v.per_ambito)) : (v.totale ?? 0)) : undefined);
  const volunteers = y.volontari && (() => {
    const current = volunteerTotal(y.volontari)!;
    const previous = volunteerTotal(prev?.volontari);
    return {
      current,
      previous,
      previousYear: previous !== undefined ? prevYear : undefined,
      change: previous !== undefined ? change(previous, current) : undefined,
      history: [...ds.years].filter(([, x]) => x.volontari).map(([year, x]): SeriesPoint => ({ year, value: volunteerTotal(x.volontari)! })),
      byDistrict: y.volontari.per_ambito ? districtTable(y.volontari.per_ambito, districts) : undefined,
      previousByDistrict: prev?.volontari?.per_ambito ? districtTable(prev.volontari.per_ambito, declared.filter((d) => existsIn(d, prevYear))) : undefined,
    };
  })();

  const hoursHistory = history(ds.years, (x) => x.ore_volontariato?.per_ambito, declared);
  const hours = y.ore_volontariato && {
    ...compare(y.ore_volontariato.per_ambito, prev?.ore_volontariato?.per_ambito, prev?.ore_volontariato ? prevYear : undefined, declared, ds.year),
    history: hoursHistory,
  };

  const vehicles = y.automezzi && {
    owned: districtTable(y.automezzi.proprieta.per_ambito, districts),
    loaned: districtTable(y.automezzi.comodato.per_ambito, districts),
    equipped: districtTable(y.automezzi.attrezzate.per_ambito, districts),
    fleet: sum(Object.values(y.automezzi.proprieta.per_ambito)) + sum(Object.values(y.automezzi.comodato.per_ambito)),
  };

  const mobility = y.mobilita_sociale && (() => {
    const m = y.mobilita_sociale;
    const rest = m.interventi - m.accessi_strutture_ospedaliere;
    return {
      services: m.interventi,
      hospital: m.accessi_strutture_ospedaliere,
      hospitalShare: share(m.accessi_strutture_ospedaliere, m.interventi),
      rest,
      restShare: share(rest, m.interventi),
      publicHospitals: m.accessi_ospedali_pubblici,
      publicHospitalsShare: m.accessi_ospedali_pubblici !== undefined ? share(m.accessi_ospedali_pubblici, m.interventi) : undefined,
      publicHospitalNames: m.ospedali_pubblici_nomi,
      publicHospitalsComment: m.ospedali_pubblici_commento,
      publicHospitalsPercent: m.ospedali_pubblici_percentuale,
      otherFacilitiesPercent: m.altre_strutture_provincia_percentuale,
      outsidePercent: m.fuori_provincia_percentuale,
      disabled: m.persone_disabili,
      disabledShare: m.persone_disabili !== undefined ? share(m.persone_disabili, m.interventi) : undefined,
      split: splitOf(m.interventi, [
        { name: 'Accessi a strutture ospedaliere', count: m.accessi_strutture_ospedaliere },
        ...(m.persone_disabili !== undefined
          ? [
              { name: 'Persone diversamente abili accompagnate', count: m.persone_disabili },
              { name: 'Altri servizi', count: rest - m.persone_disabili },
            ]
          : [{ name: 'Altri servizi', count: rest }]),
      ]),
      peopleByDistrict: m.assistiti_per_ambito ? districtTable(m.assistiti_per_ambito, districts) : undefined,
      servicesByDistrict: m.interventi_per_ambito ? districtTable(m.interventi_per_ambito, districts) : undefined,
      byHospital: m.accessi_per_ospedale?.map((h) => ({ name: h.nome, count: h.numero })),
      privateFacilities: m.accessi_strutture_private?.map((h) => ({ name: h.nome, count: h.numero })),
    };
  })();

  const km = y.km_percorsi && compare(y.km_percorsi.per_ambito, prev?.km_percorsi?.per_ambito, prev?.km_percorsi ? prevYear : undefined, declared, ds.year);

  const optionalTable = (v: PerDistrict | undefined) => (v ? districtTable(v, districts) : undefined);
  const help = y.aiuto_alla_persona;
  const personalHelp = {
    deliveries: optionalTable(help?.consegne),
    company: optionalTable(help?.compagnia),
    secretariat: optionalTable(help?.segretariato_sociale),
    peopleReached: optionalTable(help?.persone_raggiunte),
    assisted: optionalTable(help?.assistiti_per_ambito),
    previousAssisted: prev?.aiuto_alla_persona?.assistiti_per_ambito ? districtTable(prev.aiuto_alla_persona.assistiti_per_ambito, declared.filter((d) => existsIn(d, prevYear))) : undefined,
  };

  const workshops = y.officine_aiuto && {
    list: y.officine_aiuto.map((o) => ({ name: o.nome, place: o.luogo ?? o.comune, municipality: o.comune, volunteers: o.volontari, hours: o.ore, km: o.km, aids: o.ausili })),
    volunteers: sum(y.officine_aiuto.map((o) => o.volontari)),
    hours: sum(y.officine_aiuto.map((o) => o.ore)),
    aids: sum(y.officine_aiuto.map((o) => o.ausili ?? 0)),
  };

  const totalsHistory = [...ds.years]
    .filter(([, x]) => x.totali)
    .map(([year, x], i, all) => {
      const before = all[i - 1];
      const adjacent = before && before[0] === year - 1 ? before[1].totali! : undefined;
      return {
        year,
        services: x.totali!.prestazioni,
        people: x.totali!.assistiti,
        servicesChange: adjacent ? change(adjacent.prestazioni, x.totali!.prestazioni) : undefined,
        peopleChange: adjacent ? change(adjacent.assistiti, x.totali!.assistiti) : undefined,
        servicesPerPerson: x.totali!.assistiti ? x.totali!.prestazioni / x.totali!.assistiti : undefined,
      };
    });
  const totals = y.totali && {
    current: totalsHistory.at(-1)!,
    history: totalsHistory,
    series: {
      services: totalsHistory.map((t): SeriesPoint => ({ year: t.year, value: t.services })),
      people: totalsHistory.map((t): SeriesPoint => ({ year: t.year, value: t.people })),
    },
  };

  const civic = y.volontariato_civico && {
    hours: districtTable(y.volontariato_civico.ore.per_ambito, districts),
    volunteers: districtTable(y.volontariato_civico.volontari.per_ambito, districts),
    activities: y.volontariato_civico.attivita ?? [],
  };

  const centres = y.centri_sociali && (() => {
    const rows = districts.map((d) => {
      const c = y.centri_sociali!.per_ambito[d.name];
      return { district: d.name, colour: d.colour, centres: c?.centri ?? 0, hours: c?.ore_apertura ?? 0, volunteers: c?.volontari ?? 0, attendance: c?.affluenza ?? 0 };
    });
    const tableOf = (pick: (r: (typeof rows)[number]) => number) =>
      districtTable(Object.fromEntries(rows.map((r) => [r.district, pick(r)])), districts);
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
  })();

  const unipop = y.unipop && {
    name: y.unipop.nome,
    academicYear: y.unipop.anno_accademico,
    enrolled: y.unipop.iscritti,
    teachers: y.unipop.docenti,
    courses: Object.entries(y.unipop.corsi_per_comune).map(([municipality, count]) => ({ municipality, count: count ?? 0 })),
    coursesTotal: sum(Object.values(y.unipop.corsi_per_comune).map((n) => n ?? 0)),
  };

  return {
    year: ds.year,
    /** Every district the outputs may draw (colours of histories too): all but those started after this year. */
    allDistricts: declared.filter((d) => d.from === undefined || d.from <= ds.year),
    organisation: ds.network.organizzazione,
    /** The network's territory: its name in a sentence ("provincia di ..."), the boundaries' credit, how many municipalities. */
    territory: { name: ds.territory.name, attribution: ds.territory.attribution, municipalities: ds.municipalities.length },
    logo: ds.network.logo === undefined ? undefined : { file: ds.network.logo, alt: ds.network.logo_alt ?? '' },
    districts,
    assembly,
    network,
    conventions,
    members,
    people: y.organismi_dirigenti && {
      presidents: optionalTable(y.organismi_dirigenti.presidenti),
      presidentsWomen: y.organismi_dirigenti.presidenti_donne,
      boards: optionalTable(y.organismi_dirigenti.comitati_direttivi),
    },
    volunteers,
    hours,
    vehicles,
    services: y.servizi_offerti?.map((g) => ({ group: g.gruppo, items: g.voci ?? [] })),
    mobility,
    km,
    personalHelp,
    workshops,
    totals,
    civic,
    centres,
    tourism: y.turismo_sociale && {
      organisers: y.turismo_sociale.organizzatori ?? [],
      hours: y.turismo_sociale.ore_volontariato,
      volunteers: y.turismo_sociale.volontari,
      participants: y.turismo_sociale.partecipanti,
      initiatives: y.turismo_sociale.iniziative,
    },
    learning: y.apprendimento_permanente && {
      initiatives: (y.apprendimento_permanente.iniziative ?? []).map((i) => ({ municipality: i.comune, description: i.descrizione })),
      participants: y.apprendimento_permanente.partecipanti,
    },
    culture: y.rete_auser_cultura && { members: y.rete_auser_cultura.membri, description: y.rete_auser_cultura.descrizione },
    unipop,
    summer: y.estate && { title: y.estate.titolo, enrolled: y.estate.iscritti },
    projects: y.progetti?.map((p) => ({
      title: p.titolo,
      subtitle: p.sottotitolo,
      promoter: p.promotore,
      funder: p.finanziatore,
      promotedAndFunded: p.promotore !== undefined && p.promotore === p.finanziatore,
      sites: p.sedi ?? [],
      aims: p.obiettivi ?? [],
    })),
    closing: y.chiusura && { title: y.chiusura.titolo, subtitle: y.chiusura.sottotitolo, farewell: y.chiusura.saluto },
    notes: y.note ?? {},
    photos: y.foto ?? [],
  };
}

export type Figures = ReturnType<typeof derive>;
