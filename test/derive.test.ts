/** Derived figures checked against values worked out by hand from the seed
 * (../shared/seeds/000_a8d0320fb1ec1f66.txt), and on the small two-years fixture. */
import { beforeAll, describe, expect, it } from 'vitest';
import { derive, type Figures, wholePercents } from '../src/derive.js';
import { checkFixture, checkRealData } from './support.js';

const rowValues = (t: { rows: { district: string; value: number }[] } | undefined) => Object.fromEntries((t?.rows ?? []).map((r) => [r.district, r.value]));

describe('wholePercents: the parts of a whole as percents that add up to 100', () => {
  it('gives the points rounding leaves out to the largest remainders: 28, 19, 3, 2 of 52 are 54 + 36 + 6 + 4', () => {
    // 53,85 + 36,54 + 5,77 + 3,85: rounded one by one they make 101.
    expect(wholePercents([28, 19, 3, 2], 52)).toEqual([54, 36, 6, 4]);
    // 51,34 + 32,21 + 16,46: rounded one by one, 99.
    expect(wholePercents([20907, 13116, 6702], 40725)).toEqual([51, 32, 17]);
  });

  it('on a tie, the earlier part first; parts that are not the whole rounded one by one; nothing of nothing', () => {
    expect(wholePercents([1, 1, 1], 3)).toEqual([34, 33, 33]);
    expect(wholePercents([1, 1], 3)).toEqual([33, 33]);
    expect(wholePercents([0, 0], 0)).toEqual([0, 0]);
  });
});

describe('the real data, 2025', () => {
  let f: Figures;
  beforeAll(async () => {
    const r = await checkRealData();
    f = derive(r.dataset!);
  });

  it('network: 28 + 19 + 3 + 2 provincial = 52 associations', () => {
    expect(f.network?.total).toBe(52);
    expect(f.network?.associations.total).toBe(50);
  });

  it("hours: +10.391 in all, Cremonese's −615 (−0.9%) against the rise", () => {
    expect(f.hours?.change?.diff).toBe(10391);
    expect(f.hours?.against.map((d) => [d.district, d.change.from, d.change.to, d.change.diff])).toEqual([['Cremonese', 71835, 71220, -615]]);
    expect(f.hours?.along.map((d) => d.district)).toEqual(['Cremasco', 'Casalasco']);
  });

  it('members: 3503 + 3279 + 696 = 7478, +108 on 7370 in 2024', () => {
    expect(f.members?.current.total).toBe(7478);
    expect(f.members?.previous?.total).toBe(7370);
    expect(f.members?.change?.diff).toBe(108);
    expect(f.members?.byDistrict.map((d) => [d.district, d.diff])).toEqual([
      ['Cremasco', 45],
      ['Cremonese', 86],
      ['Casalasco', -23],
    ]);
  });

  it('members growth 2020-2025: 7478 − 6934 = +544, +7.8%', () => {
    expect(f.members?.sinceFirst).toMatchObject({ fromYear: 2020, from: 6934, to: 7478, diff: 544 });
    expect(f.members!.sinceFirst!.ratio).toBeCloseTo(544 / 6934, 10);
    expect(Math.round(f.members!.sinceFirst!.ratio! * 1000) / 10).toBe(7.8);
  });

  it('members history 2020-2025, totals from the history table', () => {
    expect(f.members?.history.map((h) => [h.year, h.table.total])).toEqual([
      [2020, 6934],
      [2021, 6445],
      [2022, 6798],
      [2023, 7153],
      [2024, 7370],
      [2025, 7478],
    ]);
  });

  it('volunteer hours 2023-2025: 163485, 168576, 178967 (not the printed 163447 and 168506)', () => {
    expect(f.hours?.history.map((h) => [h.year, h.table.total])).toEqual([
      [2023, 163485],
      [2024, 168576],
      [2025, 178967],
    ]);
  });

  it('km 2025: 476016 + 472388 + 52844 = 1001248 (not the printed 1001148); 872115 in 2024', () => {
    expect(f.km?.current.total).toBe(1001248);
    expect(f.km?.previous?.total).toBe(872115);
    expect(f.km?.change?.diff).toBe(1001248 - 872115);
  });

  it('volunteers: 1217, up from 922', () => {
    expect(f.volunteers?.current).toBe(1217);
    expect(f.volunteers?.previous).toBe(922);
    expect(f.volunteers?.change?.diff).toBe(295);
  });

  it('conventions: 62, by district 26 / 32 / 4', () => {
    expect(f.conventions?.total).toBe(62);
    expect(f.conventions?.byDistrictTotal).toBe(62);
    expect(f.conventions?.byDistrict.map((d) => [d.district, d.count, d.municipalities.length])).toEqual([
      ['Cremasco', 26, 24],
      ['Cremonese', 32, 17],
      ['Casalasco', 4, 3],
    ]);
  });

  it('municipalities with a convention: 44 of 113, 38.9% (the deck printed 50%)', () => {
    expect(f.conventions?.municipalitiesWith).toBe(44);
    expect(f.conventions?.municipalitiesInProvince).toBe(113);
    expect(f.conventions!.municipalityShare).toBeCloseTo(0.389, 3);
  });

  it('vehicles: owned 55, on loan 43, equipped 32, fleet 98', () => {
    expect(f.vehicles?.owned.total).toBe(55);
    expect(f.vehicles?.loaned.total).toBe(43);
    expect(f.vehicles?.equipped.total).toBe(32);
    expect(f.vehicles?.fleet).toBe(98);
    expect(rowValues(f.vehicles?.owned)).toEqual({ Cremasco: 19, Cremonese: 32, Casalasco: 4 });
  });

  it('social mobility: 20907 of 40725 to hospitals, 51.3%; disabled 13116, 32.2%', () => {
    expect(f.mobility?.hospitalShare).toBeCloseTo(0.513, 3);
    expect(f.mobility?.rest).toBe(40725 - 20907);
    expect(f.mobility?.disabledShare).toBeCloseTo(0.322, 3);
  });

  it('services per person assisted: 79331 / 8754 ≈ 9.06', () => {
    expect(f.totals?.current.servicesPerPerson).toBeCloseTo(9.06, 2);
  });

  it('services and people assisted 2023-2025, differences +6672 and −283, +1870 and +338', () => {
    expect(f.totals?.history.map((h) => [h.year, h.services, h.servicesChange?.diff, h.people, h.peopleChange?.diff])).toEqual([
      [2023, 72942, undefined, 6546, undefined],
      [2024, 79614, 6672, 8416, 1870],
      [2025, 79331, -283, 8754, 338],
    ]);
  });

  it('civic volunteering, hours a head: each district its hours over its volunteers, the network 31493 / 380 = 82.9', () => {
    const perHead = f.civic?.hoursPerVolunteerByDistrict;
    expect(Object.fromEntries(perHead!.rows.map((r) => [r.district, Math.round(r.value * 10) / 10]))).toEqual({ Cremasco: 76.3, Cremonese: 102.3, Casalasco: 57.1 });
    expect(perHead?.total).toBeCloseTo(31493 / 380, 10);
  });

  it('civic volunteering: 31493 hours, 380 volunteers', () => {
    expect(f.civic?.hours.total).toBe(31493);
    expect(f.civic?.volunteers.total).toBe(380);
  });

  it('social centres: 16 centres, 26522 hours, 216 volunteers, 55981 visits', () => {
    expect(f.centres).toMatchObject({ centres: 16, hours: 26522, volunteers: 216, attendance: 55981 });
  });

  it('help workshops: 17 volunteers, 9628 hours, 277 aids', () => {
    expect(f.workshops).toMatchObject({ volunteers: 17, hours: 9628, aids: 277 });
  });

  it('Unipop: 23 + 2 + 3 = 28 courses', () => {
    expect(f.unipop?.coursesTotal).toBe(28);
  });

  it("Rete Auser Cultura: the Unipop's slide says it (the Unipop is a member); without the Unipop it has its own", async () => {
    expect(f.culture).toMatchObject({ alongsideUnipop: "Pandino, Rivolta d'Adda, Sergnano e Vaiano Cremasco", ownSlide: undefined });
    const dataset = (await checkRealData()).dataset!;
    const { unipop: _, ...withoutUnipop } = dataset.years.get(2025)!;
    const alone = derive({ ...dataset, years: new Map([...dataset.years, [2025, withoutUnipop]]) }).culture;
    expect(alone).toMatchObject({ members: f.culture!.members, alongsideUnipop: undefined, ownSlide: true });
  });

  it('series carry their changes, so charts compute none: volunteers 2020-2025 and services', () => {
    const v = f.volunteers!.history;
    expect(v.at(-1)).toMatchObject({ year: 2025, value: 1217, change: { from: 922, to: 1217, diff: 295 } });
    expect(v.at(-1)!.sinceFirst).toMatchObject({ from: v[0].value, to: 1217, diff: 1217 - v[0].value });
    expect(v[0].change).toBeUndefined();
    expect(f.totals?.series.services.map((p) => p.change?.diff)).toEqual([undefined, 6672, -283]);
    expect(f.hours?.history.map((h) => h.sinceFirst.diff)).toEqual([0, 168576 - 163485, 178967 - 163485]);
  });

  it('named counts come with their total: counterparts 62, the mobility split 40725', () => {
    expect(f.conventions?.byCounterpart.total).toBe(62);
    expect(f.conventions?.byCounterpart.items.reduce((a, i) => a + (i.share ?? 0), 0)).toBeCloseTo(1, 10);
    expect(f.mobility?.split.total).toBe(40725);
    // The hospital accesses, divided inside their whole (public hospitals and the rest), then the other wholes.
    const items = f.mobility!.split.items;
    expect(items.map((i) => i.count)).toEqual([20907, 10573, 20907 - 10573, 13116, 40725 - 20907 - 13116]);
    expect(items.map((i) => !!i.part)).toEqual([false, true, true, false, false]);
    // Parts are not counted again in the total, and carry no share of their own.
    expect(items.filter((i) => !i.part).reduce((a, i) => a + i.count, 0)).toBe(40725);
    expect(items.filter((i) => i.part).every((i) => i.share === undefined)).toBe(true);
  });

  it('the sums reconcile checks: fleet per district, associations by kind', () => {
    expect(rowValues(f.vehicles?.fleetByDistrict)).toEqual(Object.fromEntries(f.vehicles!.owned.rows.map((r, i) => [r.district, r.value + f.vehicles!.loaned.rows[i].value])));
    expect(f.vehicles?.fleetByDistrict.total).toBe(98);
    expect(f.network?.byKind).toBe(f.network!.aps + f.network!.odv);
  });

  it('shares within a table add up to 1, in the declared district order', () => {
    expect(f.members?.current.rows.map((r) => r.district)).toEqual(['Cremasco', 'Cremonese', 'Casalasco']);
    expect(f.members!.current.rows.reduce((a, r) => a + r.share, 0)).toBeCloseTo(1, 10);
    expect(f.members!.current.rows[0].share).toBeCloseTo(3503 / 7478, 10);
  });
});

describe('an earlier year of the real data (--year 2024)', () => {
  it('compares 2024 with 2023 and leaves 2025 out', async () => {
    const f = derive((await checkRealData(2024)).dataset!);
    expect(f.year).toBe(2024);
    expect(f.members?.current.total).toBe(7370);
    expect(f.members?.change?.diff).toBe(7370 - 7153);
    expect(f.members?.history.at(-1)?.year).toBe(2024);
    expect(f.totals?.current).toMatchObject({ year: 2024, services: 79614 });
  });
});

describe('two years (fixture two-years)', () => {
  let f: Figures;
  beforeAll(async () => {
    f = derive((await checkFixture('two-years')).dataset!);
  });

  it('members: 165 against 160, +5, +3.125%', () => {
    expect(f.members?.change).toMatchObject({ from: 160, to: 165, diff: 5 });
    expect(f.members?.change?.ratio).toBeCloseTo(0.03125, 10);
    expect(f.members?.byDistrict.map((d) => [d.district, d.current, d.previous, d.diff])).toEqual([
      ['Cremasco', 110, 100, 10],
      ['Cremonese', 45, 50, -5],
      ['Casalasco', 10, 10, 0],
    ]);
    expect(f.members?.sinceFirst).toMatchObject({ fromYear: 2024, diff: 5 });
  });

  it('members: the district that fell inside the rise goes against it; one that did not move goes along', () => {
    expect(f.members?.against.map((d) => [d.district, d.change.diff])).toEqual([['Cremonese', -5]]);
    expect(f.members?.along.map((d) => [d.district, d.change.diff])).toEqual([
      ['Cremasco', 10],
      ['Casalasco', 0],
    ]);
  });

  it('km: same total both years, a change of 0', () => {
    expect(f.km?.change).toMatchObject({ from: 3500, to: 3500, diff: 0, ratio: 0 });
  });

  it('totals: +100 services, −20 people, 12.5 services per person', () => {
    expect(f.totals?.current).toMatchObject({ year: 2025, services: 1000, people: 80 });
    expect(f.totals?.current.servicesChange?.diff).toBe(100);
    expect(f.totals?.current.peopleChange?.diff).toBe(-20);
    expect(f.totals?.current.servicesPerPerson).toBe(12.5);
  });

  it('leaves out what the year file does not have', () => {
    expect(f.hours).toBeUndefined();
    expect(f.conventions).toBeUndefined();
    expect(f.volunteers).toBeUndefined();
  });
});
