/** A boundaries file's parsed JSON -> Territory (one polygon per municipality, by name), or what is wrong
 * with it; and where on a fitted map the shape leaves a corner empty for the legend. Pure; no I/O. */

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
  return { territory: { topology, municipalities: polygons.map((g) => ({ name: nameOf(g), istat: istatOf(g) })) } };
}

// ---------------------------------------------------------------------------------------------
// The legend's corner

export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

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

/** cornerCover's answers by boundaries and sizes: the map is drawn again on every save in the live preview. */
const covers = new WeakMap<Topology, Map<string, Record<Corner, number>>>();

/**
 * How much of a legend box each corner of the map would cover, once the shape is fitted into
 * width x height as Vega fits it (the longer side fills, the other is centred): the share of the box's
 * cells that fall inside a municipality, 0 to 1. The shape is filled row by row (even-odd per ring).
 */
export function cornerCover(t: Topology, width: number, height: number, box: { width: number; height: number }): Record<Corner, number> {
  const key = `${width} ${height} ${box.width} ${box.height}`;
  const known = covers.get(t) ?? new Map<string, Record<Corner, number>>();
  covers.set(t, known);
  const before = known.get(key);
  if (before) return { ...before };
  const cover = measureCornerCover(t, width, height, box);
  known.set(key, cover);
  return { ...cover };
}

function measureCornerCover(t: Topology, width: number, height: number, box: { width: number; height: number }): Record<Corner, number> {
  const projected = rings(t).map((r) => r.map(mercator));
  const xs = projected.flat().map((p) => p[0]);
  const ys = projected.flat().map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = Math.min(width / (x1 - x0 || 1), height / (y1 - y0 || 1));
  const ox = (width - (x1 - x0) * k) / 2;
  const oy = (height - (y1 - y0) * k) / 2;
  const screen = projected.map((r) => r.map(([x, y]): [number, number] => [ox + (x - x0) * k, oy + (y - y0) * k]));
  const cell = 4;
  const cols = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const bw = Math.min(cols, Math.ceil(box.width / cell));
  const bh = Math.min(rows, Math.ceil(box.height / cell));
  // Only the rows the corner boxes span are filled, and each only from the rings that reach it.
  const span = screen.map((r) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const [, y] of r) (lo = Math.min(lo, y)), (hi = Math.max(hi, y));
    return { r, lo, hi };
  });
  const inside = new Uint8Array(cols * rows);
  for (let row = 0; row < rows; row++) {
    if (row >= bh && row < rows - bh) continue;
    const y = (row + 0.5) * cell;
    for (const { r, lo, hi } of span) {
      if (y < lo || y > hi) continue;
      const cross: number[] = [];
      for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
        const [xa, ya] = r[i];
        const [xb, yb] = r[j];
        if (ya > y !== yb > y) cross.push(xa + ((y - ya) * (xb - xa)) / (yb - ya));
      }
      cross.sort((a, b) => a - b);
      for (let c = 0; c + 1 < cross.length; c += 2) {
        const from = Math.max(0, Math.ceil(cross[c] / cell - 0.5));
        const to = Math.min(cols - 1, Math.floor(cross[c + 1] / cell - 0.5));
        for (let col = from; col <= to; col++) inside[row * cols + col] = 1;
      }
    }
  }
  const cover = (left: boolean, top: boolean) => {
    let n = 0;
    const c0 = left ? 0 : cols - bw;
    const r0 = top ? 0 : rows - bh;
    for (let row = r0; row < r0 + bh; row++) for (let col = c0; col < c0 + bw; col++) n += inside[row * cols + col];
    return n / (bw * bh || 1);
  };
  return { 'top-left': cover(true, true), 'top-right': cover(false, true), 'bottom-left': cover(true, false), 'bottom-right': cover(false, false) };
}

/** Where the legend goes: the first corner, in the usual order for a map's legend (bottom-left,
 * bottom-right, top-left, top-right), that the shape covers no more than `enough`; else the least covered. */
export function emptiestCorner(cover: Record<Corner, number>, enough = 0.04): { corner: Corner; cover: number } {
  const order: Corner[] = ['bottom-left', 'bottom-right', 'top-left', 'top-right'];
  const corner = order.find((c) => cover[c] <= enough) ?? order.reduce((best, c) => (cover[c] < cover[best] ? c : best), order[0]);
  return { corner, cover: cover[corner] };
}
