/** A boundaries file's parsed JSON -> Territory (one polygon per municipality, by name), or what is wrong
 * with it; and the shape's proportions as the map draws them. Pure; no I/O. */

import { closest } from './suggest.js';

/** A TopoJSON topology reduced to what the map needs: its first object, always called `municipalities`. */
export interface Topology {
  type: 'Topology';
  arcs: number[][][];
  transform?: { scale: [number, number]; translate: [number, number] };
  objects: { municipalities: { type: 'GeometryCollection'; geometries: Geometry[] } };
  [key: string]: unknown;
}

interface Geometry {
  type: string;
  arcs?: unknown;
  properties?: Record<string, unknown>;
}

export interface Municipality {
  name: string;
  /** The ISTAT code, when the file carries it (openpolis's files do). */
  istat?: string;
}

export interface Territory {
  topology: Topology;
  /** Every municipality of the file, in the file's order. */
  municipalities: Municipality[];
  /** The province the file says its municipalities are in (openpolis's `prov_name`), when they all say one. */
  province?: string;
}

/** What is wrong with a boundaries file, for the message (see `msg.boundaries*`). */
export type TerritoryProblem =
  | { kind: 'not-topojson'; geojson: boolean }
  | { kind: 'no-polygons'; object: string }
  | { kind: 'no-names'; object: string; unnamed: number; total: number; first: number };

const POLYGONS = new Set(['Polygon', 'MultiPolygon']);
const isObject = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

/** openpolis's per-province files as they come: the first object, whatever its name, one geometry per
 * municipality with a `name` property; `com_istat_code` (or `istat`) is read when there. */
export function territoryOf(json: unknown): { territory?: Territory; problem?: TerritoryProblem } {
  if (!isObject(json) || json.type !== 'Topology' || !isObject(json.objects) || !Array.isArray(json.arcs)) {
    const geojson = isObject(json) && (json.type === 'FeatureCollection' || json.type === 'Feature');
    return { problem: { kind: 'not-topojson', geojson } };
  }
  const [name, first] = Object.entries(json.objects)[0] ?? ['', undefined];
  const all: Geometry[] = isObject(first) && Array.isArray(first.geometries) ? (first.geometries as Geometry[]) : isObject(first) ? [first as unknown as Geometry] : [];
  const polygons = all.filter((g) => isObject(g) && POLYGONS.has(g.type));
  if (!polygons.length) return { problem: { kind: 'no-polygons', object: name } };
  const nameOf = (g: Geometry) => (typeof g.properties?.name === 'string' ? g.properties.name.trim() : '');
  const unnamed = polygons.map((g, i) => (nameOf(g) ? -1 : i)).filter((i) => i >= 0);
  if (unnamed.length) return { problem: { kind: 'no-names', object: name, unnamed: unnamed.length, total: polygons.length, first: unnamed[0] + 1 } };
  const istatOf = (g: Geometry) => {
    const code = g.properties?.com_istat_code ?? g.properties?.istat;
    return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
  };
  const topology = { ...json, objects: { municipalities: { type: 'GeometryCollection', geometries: polygons } } } as unknown as Topology;
  const provinces = new Set(polygons.map((g) => (typeof g.properties?.prov_name === 'string' ? g.properties.prov_name.trim() : '')));
  const province = provinces.size === 1 ? [...provinces][0] || undefined : undefined;
  return { territory: { topology, municipalities: polygons.map((g) => ({ name: nameOf(g), istat: istatOf(g) })), ...(province ? { province } : {}) } };
}

/** Letters only, lower case, accents off: "Provincia di Forlì-Cesena" and "Forli Cesena" compare alike. */
const folded = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();

/**
 * A boundaries file left over from another network (one province's file under another's territory name): the file names
 * a province the territory's name does not mention, and the municipalities the year files write are
 * not in it; or most of those municipalities are missing from it. Then one message at `confini` says
 * so, instead of one error per municipality. `used` are the municipality names the year files write.
 */
export function boundariesMismatch(territoryName: string, territory: Territory, used: readonly string[]): { province?: string; missing: string[]; used: number } | undefined {
  const known = new Set(territory.municipalities.map((m) => m.name));
  const distinct = [...new Set(used)];
  const missing = distinct.filter((n) => !known.has(n));
  if (!missing.length) return undefined;
  const otherProvince = territory.province !== undefined && !` ${folded(territoryName)} `.includes(` ${folded(territory.province)} `);
  // A name one typo away from an official one is a typo, said at its line: it is no sign of another file.
  const far = missing.filter((n) => closest(n, [...known]) === undefined);
  const mostMissing = far.length >= 3 && far.length * 2 > distinct.length;
  return otherProvince || mostMissing ? { province: territory.province, missing, used: distinct.length } : undefined;
}

// ---------------------------------------------------------------------------------------------
// The shape as drawn

/** The rings of every polygon, as [longitude, latitude] points (arcs decoded, quantisation undone). */
function rings(t: Topology): [number, number][][] {
  const { scale = [1, 1], translate = [0, 0] } = t.transform ?? {};
  const decoded = t.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]): [number, number] => {
      if (!t.transform) return [dx, dy];
      x += dx;
      y += dy;
      return [x * scale[0] + translate[0], y * scale[1] + translate[1]];
    });
  });
  const ring = (indices: number[]) => indices.flatMap((i) => (i >= 0 ? decoded[i] : [...decoded[~i]].reverse()));
  const out: [number, number][][] = [];
  for (const g of t.objects.municipalities.geometries) {
    const polys = (g.type === 'Polygon' ? [g.arcs] : (g.arcs as unknown[])) as number[][][];
    for (const poly of polys ?? []) for (const r of poly ?? []) out.push(ring(r));
  }
  return out;
}

/** Web Mercator, as the map is drawn (y grows downwards, as on screen). */
const mercator = ([lon, lat]: [number, number]): [number, number] => [(lon * Math.PI) / 180, -Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))];

/** The territory's width over its height as the map draws it (Mercator): a long valley is much wider
 * than it is tall. The map slide picks its layout from it. `aspects`: the answers already known, by
 * boundaries (Caches.aspects), which this one joins. */
export function projectedAspect(t: Topology, aspects?: WeakMap<Topology, number>): number {
  const known = aspects?.get(t);
  if (known !== undefined) return known;
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const r of rings(t)) {
    for (const p of r) {
      const [x, y] = mercator(p);
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  const aspect = x1 > x0 && y1 > y0 ? (x1 - x0) / (y1 - y0) : 1;
  aspects?.set(t, aspect);
  return aspect;
}
