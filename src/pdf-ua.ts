/** A tagged PDF as Chromium prints it -> the same document as PDF/UA-1 (ISO 14289-1), with every date
 * pinned. Pure: bytes in, bytes out (pdf-lib reads and writes the file).
 *
 * Chromium already writes the structure tree, the language, the title and DisplayDocTitle. What it
 * leaves out is added here:
 * - XMP metadata naming the document PDF/UA-1 (pdfuaid:part), with its title, language and dates;
 * - content that belongs to no structure element (what the pages mark aria-hidden: slide footers, page
 *   numbers, ruled lines, the squares of a share) marked as an artifact, as PDF/UA wants of page
 *   furniture, instead of left untagged;
 * - a Figure that only wraps another Figure (HTML's <figure> around an SVG with role="img") made a Div:
 *   the inner one carries the alternate text, and a Figure without one is a failure for a reader.
 * The page contents are read with a small tokenizer of PDF content-stream syntax (ISO 32000-1, 7.2 and
 * 8.2): pdf-lib writes content streams but does not parse them, and no maintained library for Node
 * edits them. Only marked-content operators are inserted; every other byte of a stream is kept. */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHeader, PDFHexString, PDFName, PDFRawStream, PDFRef, PDFString } from 'pdf-lib';

export interface PdfUaInput {
  /** Every date the file carries. */
  date: Date;
}

/** What the XMP packet says: the title and language Chromium took from the page (<title>, lang). */
interface Described {
  title: string;
  lang: string;
  date: Date;
  producer: string;
  creator: string;
}

/** One operation of a content stream: its operands and operator, as the byte range [start, end). */
interface Operation {
  op: string;
  start: number;
  end: number;
}

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));

/** The operations of a content stream (latin1 text, one char a byte). */
export function operations(s: string): Operation[] {
  const ops: Operation[] = [];
  let i = 0;
  let start = -1;
  const n = s.length;
  const code = (k: number) => s.charCodeAt(k);
  while (i < n) {
    const c = code(i);
    if (WHITE.has(c)) {
      i++;
      continue;
    }
    if (c === 0x25 /* % */) {
      while (i < n && code(i) !== 0x0a && code(i) !== 0x0d) i++;
      continue;
    }
    if (start < 0) start = i;
    if (c === 0x28 /* ( */) {
      // A literal string: balanced parentheses, backslash escapes.
      let depth = 0;
      for (; i < n; i++) {
        const d = code(i);
        if (d === 0x5c) i++;
        else if (d === 0x28) depth++;
        else if (d === 0x29 && --depth === 0) break;
      }
      i++;
    } else if (c === 0x3c /* < */ && code(i + 1) !== 0x3c) {
      i = s.indexOf('>', i) + 1 || n;
    } else if (c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) {
      i += (c === 0x3c || c === 0x3e) && code(i + 1) === c ? 2 : 1;
    } else if (c === 0x2f /* / */) {
      i++;
      while (i < n && !WHITE.has(code(i)) && !DELIM.has(code(i))) i++;
    } else {
      const from = i;
      while (i < n && !WHITE.has(code(i)) && !DELIM.has(code(i))) i++;
      const word = s.slice(from, i);
      if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word) || word === 'true' || word === 'false' || word === 'null') continue;
      if (word === 'BI') {
        // An inline image: its dictionary, ID, one white-space byte, the data, then EI between white space.
        const id = s.indexOf('ID', i);
        let k = id + 3;
        while (k < n && !(WHITE.has(code(k - 1)) && s.startsWith('EI', k) && (k + 2 >= n || WHITE.has(code(k + 2))))) k++;
        i = Math.min(n, k + 2);
      }
      ops.push({ op: word, start, end: i });
      start = -1;
    }
  }
  return ops;
}

const PATH_START = new Set(['m', 're']);
const PATH_PAINT = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'n']);
const TEXT_SHOW = new Set(['Tj', 'TJ', "'", '"']);
const OTHER_PAINT = new Set(['sh', 'BI']);

/** The content stream with everything painted outside any marked-content sequence wrapped as
 * /Artifact BMC ... EMC. A sequence opens before a graphics object (a whole path, never inside one) and
 * closes before the next marked content, before a text object's BT when it opened outside it (or its ET
 * when inside), and at the end, so it nests with text objects as ISO 32000-1 14.6 requires. */
export function markUntagged(s: string, xobject: (name: string) => 'form' | 'image' | undefined = () => 'image'): { text: string; forms: string[] } {
  const ops = operations(s);
  /** Forms drawn outside marked content: their own content is marked in turn (see pdfUa). */
  const forms: string[] = [];
  const inserts: [number, string][] = [];
  let depth = 0;
  let inText = false;
  let open: 'outside' | 'inside' | undefined;
  let pathFrom = -1;
  const close = (at: number) => {
    if (open) inserts.push([at, 'EMC\n']);
    open = undefined;
  };
  const paint = (at: number) => {
    if (depth > 0 || open) return;
    inserts.push([at, '/Artifact BMC\n']);
    open = inText ? 'inside' : 'outside';
  };
  for (const o of ops) {
    if (o.op === 'BMC' || o.op === 'BDC') {
      close(o.start);
      depth++;
    } else if (o.op === 'EMC') {
      close(o.start);
      depth = Math.max(0, depth - 1);
    } else if (o.op === 'BT') {
      if (open === 'outside') close(o.start);
      inText = true;
    } else if (o.op === 'ET') {
      if (open === 'inside') close(o.start);
      inText = false;
    } else if (!inText && PATH_START.has(o.op) && pathFrom < 0) {
      pathFrom = o.start;
    } else if (!inText && PATH_PAINT.has(o.op)) {
      // A clip (W n) or a path not filled nor stroked paints nothing.
      if (o.op !== 'n' && pathFrom >= 0) paint(pathFrom);
      pathFrom = -1;
    } else if (o.op === 'Do' && depth === 0) {
      // A form (Chromium draws each handout slide as one) may hold tagged content of its own: it is never
      // wrapped whole; its untagged content is marked inside it. An image drawn untagged is an artifact.
      const name = /\/([^\s/[\]<>(){}%]+)\s*Do$/.exec(s.slice(o.start, o.end))?.[1] ?? '';
      if (xobject(name) === 'form') {
        close(o.start);
        forms.push(name);
      } else paint(o.start);
    } else if (TEXT_SHOW.has(o.op) || OTHER_PAINT.has(o.op)) {
      paint(o.start);
    }
  }
  close(s.length);
  if (!inserts.length) return { text: s, forms };
  let out = '';
  let at = 0;
  for (const [pos, text] of inserts.sort((a, b) => a[0] - b[0])) {
    out += s.slice(at, pos) + (pos > 0 && !WHITE.has(s.charCodeAt(pos - 1)) ? '\n' : '') + text;
    at = pos;
  }
  return { text: out + s.slice(at), forms };
}

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/** A page's content streams as one latin1 string. */
function pageContent(doc: PDFDocument, page: PDFDict): string | undefined {
  const contents = page.get(PDFName.of('Contents'));
  const resolved = contents && doc.context.lookup(contents);
  const streams = resolved instanceof PDFArray ? resolved.asArray().map((r) => doc.context.lookup(r)) : [resolved];
  if (!streams.every((x) => x instanceof PDFRawStream)) return undefined;
  return (streams as PDFRawStream[]).map((x) => latin1(decodePDFRawStream(x).decode())).join('\n');
}

/** What a resource dictionary's XObject of that name is. */
function xobjects(doc: PDFDocument, resources: PDFDict | undefined): (name: string) => { kind: 'form' | 'image'; ref?: PDFRef; stream?: PDFRawStream } | undefined {
  const dict = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  return (name) => {
    const ref = dict?.get(PDFName.of(name));
    const stream = ref && doc.context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) return undefined;
    return { kind: stream.dict.get(PDFName.of('Subtype')) === PDFName.of('Form') ? 'form' : 'image', ref: ref instanceof PDFRef ? ref : undefined, stream };
  };
}

/** The untagged content of a form drawn outside marked content marked as artifacts, and so on for the
 * forms it draws; each form once. */
function markForms(doc: PDFDocument, names: string[], lookup: ReturnType<typeof xobjects>, done: Set<PDFRef>): void {
  for (const name of names) {
    const x = lookup(name);
    if (!x?.ref || !x.stream || x.kind !== 'form' || done.has(x.ref)) continue;
    done.add(x.ref);
    const own = x.stream.dict.lookupMaybe(PDFName.of('Resources'), PDFDict);
    const inner = xobjects(doc, own);
    const { text, forms } = markUntagged(latin1(decodePDFRawStream(x.stream).decode()), (n) => inner(n)?.kind);
    const dict = x.stream.dict.clone(doc.context);
    dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
    dict.delete(PDFName.of('DecodeParms'));
    doc.context.assign(x.ref, PDFRawStream.of(dict, deflateSync(Buffer.from(text, 'latin1'))));
    markForms(doc, forms, inner, done);
  }
}

/** Figures that only wrap another figure become Divs (see the header). */
function unwrapFigures(doc: PDFDocument): void {
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return;
  const S = PDFName.of('S');
  const kidsOf = (e: PDFDict): PDFDict[] => {
    const k = e.get(PDFName.of('K'));
    const list = k instanceof PDFArray ? k.asArray() : k ? [k] : [];
    return list
      .map((x) => doc.context.lookup(x))
      .filter(
        (x): x is PDFDict =>
          x instanceof PDFDict &&
          !x
            .get(PDFName.of('Type'))
            ?.toString()
            .match(/MCR|OBJR/),
      );
  };
  const isFigure = (e: PDFDict) => e.get(S) === PDFName.of('Figure');
  const walk = (e: PDFDict) => {
    const kids = kidsOf(e);
    if (isFigure(e) && !e.get(PDFName.of('Alt')) && kids.some(isFigure)) e.set(S, PDFName.of('Div'));
    kids.forEach(walk);
  };
  walk(root);
}

const escapeXml = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The XMP packet: PDF/UA-1, title, language, dates and producer. */
function xmp(input: Described): string {
  const date = input.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<?xpacket begin="\u{feff}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<pdfuaid:part>1</pdfuaid:part>
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(input.title)}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>${escapeXml(input.lang)}</rdf:li></rdf:Bag></dc:language>
<xmp:CreateDate>${date}</xmp:CreateDate>
<xmp:ModifyDate>${date}</xmp:ModifyDate>
<xmp:MetadataDate>${date}</xmp:MetadataDate>
<xmp:CreatorTool>${escapeXml(input.creator)}</xmp:CreatorTool>
<pdf:Producer>${escapeXml(input.producer)}</pdf:Producer>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** The printed PDF as a PDF/UA-1 document; the same input gives the same bytes. */
export async function pdfUa(pdf: Uint8Array, input: PdfUaInput): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const { context, catalog } = doc;
  context.header = PDFHeader.forVersion(1, 7);
  const formsDone = new Set<PDFRef>();
  for (const page of doc.getPages()) {
    const content = pageContent(doc, page.node);
    if (content === undefined) continue;
    const lookup = xobjects(doc, page.node.Resources());
    const { text, forms } = markUntagged(content, (n) => lookup(n)?.kind);
    page.node.set(PDFName.of('Contents'), context.register(context.stream(deflateSync(Buffer.from(text, 'latin1')), { Filter: 'FlateDecode' })));
    markForms(doc, forms, lookup, formsDone);
  }
  unwrapFigures(doc);
  const title = doc.getTitle() ?? '';
  const lang = catalog.lookupMaybe(PDFName.of('Lang'), PDFString, PDFHexString)?.decodeText() ?? 'it';
  // The title shown in the viewer's title bar (DisplayDocTitle), the language kept as the page said it.
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setLanguage(lang);
  doc.setCreationDate(input.date);
  doc.setModificationDate(input.date);
  // XMP is UTF-8, unfiltered (so a tool that does not inflate streams reads it too).
  const meta = context.stream(Buffer.from(xmp({ title, lang, date: input.date, producer: doc.getProducer() ?? '', creator: doc.getCreator() ?? '' }), 'utf8'), { Type: 'Metadata', Subtype: 'XML' });
  catalog.set(PDFName.of('Metadata'), context.register(meta));
  const markInfo = catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict) ?? context.obj({});
  markInfo.set(PDFName.of('Marked'), context.obj(true));
  catalog.set(PDFName.of('MarkInfo'), markInfo);
  // A document id from what it is and when, the same on every build of the same data.
  const id = createHash('md5').update(`${title}\u0000${input.date.toISOString()}\u0000${doc.getPageCount()}`).digest('hex');
  context.trailerInfo.ID = context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
  return doc.save({ useObjectStreams: true, addDefaultPage: false, updateFieldAppearances: false });
}
