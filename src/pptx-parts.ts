/** pptxgenjs's zip -> deck.pptx's zip: every date and id pinned, and what pptxgenjs cannot write added to
 * its parts (a colour per point, labels left out or written with their share, the slide count beside each
 * slide number, the embedded font). Pure: the bytes in, the bytes out.
 *
 * Every XML part is edited as XML, with @xmldom/xmldom's parser and serializer: elements are found by
 * namespace and name and changed in place, never as text. (A text replace over the parts once recoloured a
 * district whose colour happened to be the package's accent.) */
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { PREVIOUS_OUTLINE_WIDTH } from './chart-shapes.js';

/** xmldom's node types, as its parser returns them. */
type XDocument = ReturnType<DOMParser['parseFromString']>;
type XElement = ReturnType<XDocument['createElementNS']>;

export const NS = {
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  c: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  c15: 'http://schemas.microsoft.com/office/drawing/2012/chart',
  p: 'http://schemas.openxmlformats.org/presentationml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  rels: 'http://schemas.openxmlformats.org/package/2006/relationships',
  types: 'http://schemas.openxmlformats.org/package/2006/content-types',
  dcterms: 'http://purl.org/dc/terms/',
  sheet: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
} as const;

const FONT_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/font';
/** The extension list Office writes on a data label with text of its own (fields and runs). */
const C15_LABEL_EXT = '{CE6537A1-D6FC-4f65-9D91-7224C49458BB}';

/** What a chart needs beyond pptxgenjs's options. Indexes are [series][point]. */
export interface ChartEdit {
  /** Labels left out: [series, point]. */
  hide: [number, number][];
  /** A colour per point of each series ("#rrggbb"). */
  points?: string[][];
  /** Text written after a point's value in its label (its share: " (47%)"), the value staying a field. */
  after?: (string | undefined)[][];
  /** The ink of each series' labels where it is not the chart's ("#rrggbb": white or dark on a district's colour). */
  inks?: string[];
  /** An outline per point of each series ("#rrggbb", null: none), and on the series (its legend key) when all
   * its points have the same: the year before's pale bars. */
  outlines?: (string | null)[][];
  /** Every label moved from where its position puts it, as shares of the chart's width and height [x, y]
   * (y down): the room between a bar and its figure, which the label's position alone leaves too small. */
  shift?: [number, number];
}

/** A point's or a series' outline, as wide as the deck draws it (PREVIOUS_OUTLINE_WIDTH px on the 1280 px
 * slide: 0.75 pt a px, 12700 EMU a pt). */
const OUTLINE_EMU = Math.round(PREVIOUS_OUTLINE_WIDTH * 0.75 * 12700);

/** Adds an outline to a shape's properties (c:spPr), after its fill, where the schema wants it. */
function outline(doc: XDocument, spPr: XElement, colour: string): void {
  for (const old of children(spPr, NS.a, 'ln')) spPr.removeChild(old);
  const ln = element(doc, 'a', 'ln', { w: OUTLINE_EMU }, [element(doc, 'a', 'solidFill', {}, [val(doc, 'a', 'srgbClr', colour.replace('#', '').toUpperCase())])]);
  const fill = children(spPr, NS.a, 'solidFill')[0];
  spPr.insertBefore(ln, fill ? fill.nextSibling : spPr.firstChild);
}

/** An embedded font: one typeface, its faces as EOT data (what PowerPoint writes as .fntdata). */
export interface EmbeddedFont {
  typeface: string;
  faces: { regular?: Uint8Array; bold?: Uint8Array; italic?: Uint8Array; boldItalic?: Uint8Array };
}

export interface PartEdits {
  /** Stamped on every entry of the zip and as the file's creation and modification date. */
  date: Date;
  /** SVG text -> its PNG fallback (pptxgenjs cannot draw one in Node). */
  fallbacks?: Map<string, Uint8Array>;
  /** Per chart, in the order the charts were added. */
  charts?: ChartEdit[];
  fonts?: EmbeddedFont[];
  /** The colour of list bullets ("#rrggbb": the accent). */
  bulletColour?: string;
}

const parse = (text: string, name: string): XDocument =>
  new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(`deck.pptx: ${name} is not well-formed XML: ${message}`);
    },
  }).parseFromString(text, 'text/xml');
const serialize = (doc: XDocument) => new XMLSerializer().serializeToString(doc);

/** Direct children of `parent` named `ns`:`local`. */
function children(parent: XElement, ns: string, local: string): XElement[] {
  const out: XElement[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (n as XElement).namespaceURI === ns && (n as XElement).localName === local) out.push(n as XElement);
  return out;
}
const all = (root: XDocument | XElement, ns: string, local: string): XElement[] => Array.from(root.getElementsByTagNameNS(ns, local));

/** A new element in the prefix its namespace has in this document. */
function element(doc: XDocument, ns: keyof typeof NS, local: string, attrs: Record<string, string | number> = {}, kids: XElement[] = []): XElement {
  const e = doc.createElementNS(NS[ns], `${ns}:${local}`);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const k of kids) e.appendChild(k);
  return e;
}
/** An element in a document's default namespace (the package parts: relationships, content types). */
function unprefixed(doc: XDocument, ns: string, local: string, attrs: Record<string, string>): XElement {
  const e = doc.createElementNS(ns, local);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}
const val = (doc: XDocument, ns: keyof typeof NS, local: string, v: string | number) => element(doc, ns, local, { val: v });

/** A GUID from a counter: the same file gets the same ids. */
const guid = (n: number) => `{00000000-0000-4000-8000-${String(n).padStart(12, '0')}}`;
const GUID = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;

/** pptxgenjs writes a paragraph's properties again before each of its runs (the later ones without the
 * bullet): more than one is not valid (PowerPoint offers to repair the file), and readers take the last.
 * Keep the first. */
function oneParagraphProperties(doc: XDocument): void {
  for (const p of all(doc, NS.a, 'p')) for (const extra of children(p, NS.a, 'pPr').slice(1)) p.removeChild(extra);
}

/** Bullets as the deck's list markers: in the accent, a small disc (60% of the text's size, as a browser's
 * disc is). pptxgenjs writes neither a bullet's colour nor its size. */
function bulletStyle(doc: XDocument, colour: string): void {
  for (const char of all(doc, NS.a, 'buChar')) {
    const pPr = char.parentNode as XElement;
    // The blank bullet that keeps a secondary line aligned stays as it is.
    if (char.getAttribute('char') === '\u00a0') continue;
    for (const old of [...children(pPr, NS.a, 'buClr'), ...children(pPr, NS.a, 'buSzPct')]) pPr.removeChild(old);
    const first = children(pPr, NS.a, 'buFont')[0] ?? char;
    pPr.insertBefore(element(doc, 'a', 'buClr', {}, [val(doc, 'a', 'srgbClr', colour.replace('#', '').toUpperCase())]), first);
    pPr.insertBefore(val(doc, 'a', 'buSzPct', 60000), first);
  }
}

/** The slide count after each slide number field, as the deck writes it: «7 / 35». PowerPoint has a field
 * for the number but none for the count. */
function slideCount(doc: XDocument, count: number): void {
  for (const fld of all(doc, NS.a, 'fld')) {
    if (fld.getAttribute('type') !== 'slidenum') continue;
    // In its box's middle, as the footer's words beside it, with no insets: a line of the font's full height fits.
    const bodyPr = children((fld.parentNode as XElement).parentNode as XElement, NS.a, 'bodyPr')[0];
    if (bodyPr) for (const [k, v] of Object.entries({ lIns: 0, tIns: 0, rIns: 0, bIns: 0, anchor: 'ctr' })) bodyPr.setAttribute(k, String(v));
    const run = element(doc, 'a', 'r');
    const rPr = children(fld, NS.a, 'rPr')[0];
    if (rPr) run.appendChild(rPr.cloneNode(true));
    const t = element(doc, 'a', 't');
    t.appendChild(doc.createTextNode(` / ${count}`));
    run.appendChild(t);
    fld.parentNode!.insertBefore(run, fld.nextSibling);
  }
}

/** A chart: an empty point left out (a district absent that year: a gap, no "0"), and the chart's edits. */
function editChart(doc: XDocument, edit: ChartEdit | undefined, ids: () => number): void {
  for (const pt of all(doc, NS.c, 'pt')) {
    const v = children(pt, NS.c, 'v')[0];
    if (v && !v.textContent && pt.parentNode && (pt.parentNode as XElement).localName === 'numCache') pt.parentNode.removeChild(pt);
  }
  // Data labels on one line: LibreOffice otherwise wraps a figure ("14.04|9") once it is wider than a share of the chart.
  for (const labels of all(doc, NS.c, 'dLbls')) for (const body of all(labels, NS.a, 'bodyPr')) body.setAttribute('wrap', 'none');
  all(doc, NS.c, 'ser').forEach((ser, s) => {
    const labels = children(ser, NS.c, 'dLbls')[0];
    // The schema puts data points before the series' labels; pptxgenjs writes its own after them.
    if (labels) for (const dPt of children(ser, NS.c, 'dPt')) ser.insertBefore(dPt, labels);
    const colours = edit?.points?.[s];
    if (colours) {
      for (const old of children(ser, NS.c, 'dPt')) ser.removeChild(old);
      const before = labels ?? children(ser, NS.c, 'cat')[0] ?? null;
      colours.forEach((colour, i) => {
        const fill = element(doc, 'a', 'solidFill', {}, [val(doc, 'a', 'srgbClr', colour.replace('#', '').toUpperCase())]);
        const dPt = element(doc, 'c', 'dPt', {}, [val(doc, 'c', 'idx', i), val(doc, 'c', 'invertIfNegative', 0), val(doc, 'c', 'bubble3D', 0), element(doc, 'c', 'spPr', {}, [fill])]);
        ser.insertBefore(dPt, before);
      });
    }
    const outlines = edit?.outlines?.[s];
    if (outlines) {
      for (const dPt of children(ser, NS.c, 'dPt')) {
        const idx = Number(children(dPt, NS.c, 'idx')[0]?.getAttribute('val'));
        const colour = outlines[idx];
        const spPr = children(dPt, NS.c, 'spPr')[0];
        if (colour && spPr) outline(doc, spPr, colour);
      }
      const own = children(ser, NS.c, 'spPr')[0];
      if (own && outlines[0] && outlines.every((o) => o === outlines[0])) outline(doc, own, outlines[0]);
    }
    if (!labels || !edit) return;
    // A series' labels in its own ink (white on dark, dark on light: colour.ts inkOn).
    const ink = edit.inks?.[s];
    if (ink) for (const clr of all(children(labels, NS.c, 'txPr')[0] ?? labels, NS.a, 'srgbClr')) clr.setAttribute('val', ink.replace('#', '').toUpperCase());
    const first = labels.firstChild;
    for (const [hs, i] of edit.hide) if (hs === s) labels.insertBefore(element(doc, 'c', 'dLbl', {}, [val(doc, 'c', 'idx', i), val(doc, 'c', 'delete', 1)]), first);
    const after = edit.after?.[s];
    if (after) after.forEach((text, i) => text && !edit.hide.some(([hs, hi]) => hs === s && hi === i) && labels.insertBefore(labelWithText(doc, labels, i, text, ids()), first));
    if (edit.shift) shiftLabels(doc, ser, labels, edit.shift);
  });
}

/** Each shown label of a series moved by [x, y] (shares of the chart): a label of its own for each point
 * that has none yet, in the series' label style, with a manual layout (PowerPoint's and LibreOffice's
 * dragged label). */
function shiftLabels(doc: XDocument, ser: XElement, labels: XElement, [x, y]: [number, number]): void {
  const count = Number(all(children(ser, NS.c, 'val')[0] ?? ser, NS.c, 'ptCount')[0]?.getAttribute('val') ?? 0);
  const own = new Map(children(labels, NS.c, 'dLbl').map((d) => [Number(children(d, NS.c, 'idx')[0]?.getAttribute('val')), d]));
  const layout = () => element(doc, 'c', 'layout', {}, [element(doc, 'c', 'manualLayout', {}, [val(doc, 'c', 'x', x), val(doc, 'c', 'y', y)])]);
  const copy = (local: string) => children(labels, NS.c, local).map((e) => e.cloneNode(true) as XElement);
  const firstShared = labels.firstChild && Array.from(labels.childNodes).find((n) => n.nodeType === 1 && (n as XElement).localName !== 'dLbl');
  for (let i = 0; i < count; i++) {
    const label = own.get(i);
    if (label && children(label, NS.c, 'delete').length) continue;
    if (label) {
      label.insertBefore(layout(), children(label, NS.c, 'idx')[0].nextSibling);
      continue;
    }
    const flags = ['showLegendKey', 'showVal', 'showCatName', 'showSerName', 'showPercent', 'showBubbleSize'].flatMap(copy);
    const made = element(doc, 'c', 'dLbl', {}, [val(doc, 'c', 'idx', i), layout(), ...copy('numFmt'), ...copy('spPr'), ...copy('txPr'), ...copy('dLblPos'), ...flags]);
    labels.insertBefore(made, (firstShared as XElement | undefined) ?? null);
  }
  // In the order of their points, as Office writes them.
  const sorted = children(labels, NS.c, 'dLbl').sort((a, b) => Number(children(a, NS.c, 'idx')[0].getAttribute('val')) - Number(children(b, NS.c, 'idx')[0].getAttribute('val')));
  for (const d of sorted) labels.insertBefore(d, (firstShared as XElement | undefined) ?? null);
}

/** A data label of its own: the value as a field (it follows the workbook, in the series' number format),
 * then `text`; in the series' label style. */
function labelWithText(doc: XDocument, labels: XElement, idx: number, text: string, id: number): XElement {
  const defRPr = all(children(labels, NS.c, 'txPr')[0] ?? labels, NS.a, 'defRPr')[0];
  const rPr = () => {
    const r = element(doc, 'a', 'rPr', { lang: 'it-IT' });
    if (defRPr) {
      for (const a of Array.from(defRPr.attributes)) r.setAttribute(a.name, a.value);
      for (let n = defRPr.firstChild; n; n = n.nextSibling) r.appendChild(n.cloneNode(true));
    }
    return r;
  };
  const t = (s: string) => {
    const e = element(doc, 'a', 't');
    e.appendChild(doc.createTextNode(s));
    return e;
  };
  const field = element(doc, 'a', 'fld', { id: guid(id), type: 'VALUE' }, [rPr(), element(doc, 'a', 'pPr'), t('[VALUE]')]);
  const run = element(doc, 'a', 'r', {}, [rPr(), t(text)]);
  const rich = element(doc, 'c', 'rich', {}, [element(doc, 'a', 'bodyPr', { wrap: 'none' }), element(doc, 'a', 'lstStyle'), element(doc, 'a', 'p', {}, [field, run])]);
  const copy = (local: string) => children(labels, NS.c, local).map((e) => e.cloneNode(true) as XElement);
  const ext = element(doc, 'c', 'ext', { uri: C15_LABEL_EXT });
  ext.appendChild(doc.createElementNS(NS.c15, 'c15:dlblFieldTable'));
  const range = doc.createElementNS(NS.c15, 'c15:showDataLabelsRange');
  range.setAttribute('val', '0');
  ext.appendChild(range);
  return element(doc, 'c', 'dLbl', {}, [
    val(doc, 'c', 'idx', idx),
    element(doc, 'c', 'tx', {}, [rich]),
    ...copy('numFmt'),
    ...copy('spPr'),
    ...copy('dLblPos'),
    val(doc, 'c', 'showLegendKey', 0),
    val(doc, 'c', 'showVal', 1),
    val(doc, 'c', 'showCatName', 0),
    val(doc, 'c', 'showSerName', 0),
    val(doc, 'c', 'showPercent', 0),
    val(doc, 'c', 'showBubbleSize', 0),
    element(doc, 'c', 'extLst', {}, [ext]),
  ]);
}

/** presentation.xml: section ids pinned, and the embedded fonts listed (p:embeddedFontLst, in its place
 * after the notes size) with their relationship ids. */
function editPresentation(doc: XDocument, fontIds: { typeface: string; faces: [string, string][] }[], nextGuid: () => number): void {
  const walk = (e: XElement) => {
    for (const a of Array.from(e.attributes)) if (GUID.test(a.value)) e.setAttribute(a.name, guid(nextGuid()));
    for (let n = e.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) walk(n as XElement);
  };
  const root = doc.documentElement!;
  walk(root);
  if (!fontIds.length) return;
  root.setAttribute('embedTrueTypeFonts', '1');
  const list = element(doc, 'p', 'embeddedFontLst');
  for (const f of fontIds) {
    const faces = f.faces.map(([face, id]) => {
      const e = element(doc, 'p', face);
      e.setAttributeNS(NS.r, 'r:id', id);
      return e;
    });
    list.appendChild(element(doc, 'p', 'embeddedFont', {}, [element(doc, 'p', 'font', { typeface: f.typeface, pitchFamily: 2, charset: 0 }), ...faces]));
  }
  const notesSz = children(root, NS.p, 'notesSz')[0];
  root.insertBefore(list, notesSz ? notesSz.nextSibling : null);
}

const FACES = ['regular', 'bold', 'italic', 'boldItalic'] as const;

/** Every date and id pinned, the edits made; same input, same bytes. */
export async function editParts(data: Uint8Array, edits: PartEdits): Promise<Buffer> {
  const { date } = edits;
  const src = await JSZip.loadAsync(data);
  const out = new JSZip();
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const names = Object.keys(src.files).filter((n) => !src.files[n].dir);
  // pptxgenjs numbers charts with a counter that lives as long as the process (a second build in the same
  // process starts at chart41): number them from 1 in every file, names and references alike.
  const first = Math.min(...names.map((n) => Number(/^ppt\/charts\/chart(\d+)\.xml$/.exec(n)?.[1] ?? Infinity)));
  const offset = Number.isFinite(first) ? first - 1 : 0;
  const renumber = (t: string) =>
    offset ? t.replace(/(chart|Microsoft_Excel_Worksheet)(\d+)\.(xml|xlsx)(\.rels)?$/, (_m, w: string, n: string, e: string, r = '') => `${w}${Number(n) - offset}.${e}${r}`) : t;
  const slides = names.filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).length;
  // The fonts' parts, their relationships from presentation.xml and their content type.
  const fontParts: [string, Uint8Array][] = [];
  const fontIds = (edits.fonts ?? []).map((f) => ({
    typeface: f.typeface,
    faces: FACES.filter((face) => f.faces[face]).map((face): [string, string] => {
      fontParts.push([`ppt/fonts/font${fontParts.length + 1}.fntdata`, f.faces[face]!]);
      return [face, `rIdFont${fontParts.length}`];
    }),
  }));
  let guids = 0;
  let labelIds = 0;
  for (const name of names) {
    let content: Uint8Array | string = await src.files[name].async('uint8array');
    if (name.endsWith('.xlsx')) content = await editParts(content, { date });
    else if (/^ppt\/media\/image-\d+-\d+\.png$/.test(name)) {
      // The PNG pptxgenjs pairs with an SVG (the next entry's number) is a "broken image" mark in Node.
      const [, slide, n] = /image-(\d+)-(\d+)\.png$/.exec(name)!;
      const svgName = `ppt/media/image-${slide}-${Number(n) + 1}.svg`;
      if (src.files[svgName]) content = edits.fallbacks?.get(await src.files[svgName].async('string')) ?? EMPTY_PNG;
    } else if (/\.(xml|rels)$/.test(name)) {
      const doc = parse(Buffer.from(content).toString('utf8'), name);
      const renamed = renumber(name);
      if (offset) {
        for (const r of all(doc, NS.rels, 'Relationship')) r.setAttribute('Target', renumber(r.getAttribute('Target') ?? ''));
        for (const o of all(doc, NS.types, 'Override')) o.setAttribute('PartName', renumber(o.getAttribute('PartName') ?? ''));
      }
      if (name === 'docProps/core.xml') for (const local of ['created', 'modified']) for (const e of all(doc, NS.dcterms, local)) e.textContent = iso;
      else if (name === 'ppt/presentation.xml') editPresentation(doc, fontIds, () => ++guids);
      else if (name === 'ppt/_rels/presentation.xml.rels' && fontParts.length) {
        const root = doc.documentElement!;
        fontParts.forEach(([part], i) => root.appendChild(unprefixed(doc, NS.rels, 'Relationship', { Id: `rIdFont${i + 1}`, Type: FONT_REL, Target: part.replace('ppt/', '') })));
      } else if (name === '[Content_Types].xml' && fontParts.length) {
        const root = doc.documentElement!;
        root.insertBefore(unprefixed(doc, NS.types, 'Default', { Extension: 'fntdata', ContentType: 'application/x-fontdata' }), root.firstChild);
      }
      if (/^ppt\/(slides|notesSlides)\/[^/]+\.xml$/.test(name)) oneParagraphProperties(doc);
      if (/^ppt\/slides\/[^/]+\.xml$/.test(name) && edits.bulletColour) bulletStyle(doc, edits.bulletColour);
      if (/^ppt\/(slides|slideLayouts)\/[^/]+\.xml$/.test(name)) slideCount(doc, slides);
      const chartNumber = Number(/^ppt\/charts\/chart(\d+)\.xml$/.exec(renamed)?.[1] ?? 0);
      if (chartNumber) editChart(doc, edits.charts?.[chartNumber - 1], () => ++labelIds);
      if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) {
        // A missing figure: an empty cell, not a "0".
        for (const c of all(doc, NS.sheet, 'c')) {
          const v = children(c, NS.sheet, 'v')[0];
          if (v && !v.textContent && !children(c, NS.sheet, 'f').length) c.parentNode!.removeChild(c);
        }
      }
      content = serialize(doc);
    }
    out.file(renumber(name), content, { date, createFolders: false });
  }
  for (const [part, bytes] of fontParts) out.file(part, bytes, { date, createFolders: false, binary: true });
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
}

/** A 1x1 transparent PNG, only where no PNG fallback was rendered. */
const EMPTY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
