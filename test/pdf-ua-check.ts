/** A structural check of PDF/UA-1 (ISO 14289-1) read with pdf.js, for the tests: no validator installs
 * here (veraPDF needs Java from outside). It checks what a reader of the file needs and software can
 * tell: the XMP identification (pdfuaid:part 1) and title, the document language, DisplayDocTitle, a
 * marked (tagged) file with a structure tree on every page, alternate text on every Figure, everything
 * painted inside marked content (tagged, or an artifact), and the page furniture given as artifacts. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

const run = promisify(execFile);

/** Every structure element from StructTreeRoot down: its role, and for a Figure its alternate text and page. */
const WALK = `
import fitz, json, re, sys
d = fitz.open(sys.argv[1])
pages = {d.page_xref(i): i + 1 for i in range(d.page_count)}
root = d.xref_get_key(d.pdf_catalog(), 'StructTreeRoot')
out = {'figures': [], 'roles': []}
def refs(v):
    return [int(r) for r in re.findall(r'(\\d+) 0 R', v)]
def walk(x, page, seen):
    if x in seen: return
    seen.add(x)
    t, s = d.xref_get_key(x, 'S')
    pg = d.xref_get_key(x, 'Pg')
    if pg[0] == 'xref': page = pages.get(int(pg[1].split()[0]), page)
    if t == 'name':
        out['roles'].append(s[1:])
        if s == '/Figure':
            a = d.xref_get_key(x, 'Alt')
            out['figures'].append({'page': page, 'alt': d.xref_get_key(x, 'Alt')[1] if a[0] == 'string' else None})
    kt, k = d.xref_get_key(x, 'K')
    for r in (refs(k) if kt in ('array', 'xref') else []):
        if d.xref_get_key(r, 'Type')[1] in ('/MCR', '/OBJR'): continue
        walk(r, page, seen)
if root[0] == 'xref': walk(int(root[1].split()[0]), 0, set())
print(json.dumps(out))
`;

export interface UaReport {
  /** What fails, one line each, with its page. */
  problems: string[];
  /** Alternate texts of the Figures, page by page. */
  figures: string[][];
  /** Furniture found (text matching one of the patterns), all of it inside artifacts when problems is empty. */
  furniture: string[];
}

const PAINT = new Set<number>([
  OPS.stroke,
  OPS.closeStroke,
  OPS.fill,
  OPS.eoFill,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
  OPS.showText,
  OPS.showSpacedText,
  OPS.nextLineShowText,
  OPS.nextLineSetSpacingShowText,
  OPS.shadingFill,
  OPS.paintImageXObject,
  OPS.paintInlineImageXObject,
  OPS.paintImageMaskXObject,
  OPS.paintSolidColorImageMask,
]);

/** `furniture`: text that is page furniture (footers, page numbers) and must be an artifact. */
export async function pdfUaReport(file: string, furniture: RegExp[]): Promise<UaReport> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)) }).promise;
  const problems: string[] = [];
  const figures: string[][] = [];
  const found: string[] = [];
  try {
    const { info, metadata } = (await doc.getMetadata()) as unknown as { info: Record<string, unknown>; metadata: { get(k: string): unknown } | null };
    if (String(metadata?.get('pdfuaid:part') ?? '') !== '1') problems.push('XMP: no pdfuaid:part 1');
    const title = String(info.Title ?? '');
    if (!title) problems.push('no title in the document information');
    if (String(metadata?.get('dc:title') ?? '') !== title) problems.push(`XMP dc:title "${String(metadata?.get('dc:title'))}" is not the title "${title}"`);
    if (!info.Language) problems.push('no document language (/Lang)');
    const prefs = (await doc.getViewerPreferences()) as Record<string, unknown> | null;
    if (prefs?.DisplayDocTitle !== true) problems.push('DisplayDocTitle is not true');
    const mark = (await doc.getMarkInfo()) as { Marked?: boolean } | null;
    if (mark?.Marked !== true) problems.push('not marked as tagged (/MarkInfo /Marked)');
    // The whole tag tree, walked from its root with PyMuPDF: pdf.js's page trees leave out what is
    // marked inside a form (the handout draws each slide as one), so they would miss its Figures.
    const tree = JSON.parse((await run('/usr/bin/python3', ['-c', WALK, file], { maxBuffer: 1 << 26 })).stdout) as { figures: { page: number; alt: string | null }[]; roles: string[] };
    if (!tree.roles.length) problems.push('no tag tree (StructTreeRoot)');
    for (const f of tree.figures) {
      if (!f.alt?.trim()) problems.push(`page ${f.page}: a Figure without alternate text`);
      else (figures[f.page - 1] ??= []).push(f.alt);
    }
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      if (!(await page.getStructTree())) problems.push(`page ${n}: no structure tree`);
      figures[n - 1] ??= [];
      // Everything painted is inside marked content: tagged (with an MCID) or an artifact.
      const ops = await page.getOperatorList();
      let depth = 0;
      let untagged = 0;
      ops.fnArray.forEach((fn, i) => {
        if (fn === OPS.beginMarkedContent || fn === OPS.beginMarkedContentProps) depth++;
        else if (fn === OPS.endMarkedContent) depth--;
        else if (depth <= 0 && (PAINT.has(fn) || (fn === OPS.constructPath && PAINT.has((ops.argsArray[i] as unknown[])[0] as number)))) untagged++;
      });
      if (untagged) problems.push(`page ${n}: ${untagged} painting operations outside marked content (neither tagged nor artifact)`);
      // Furniture: inside an artifact.
      const text = await page.getTextContent({ includeMarkedContent: true });
      const stack: string[] = [];
      for (const item of text.items as { type?: string; tag?: string; str?: string }[]) {
        if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') stack.push(item.tag ?? '');
        else if (item.type === 'endMarkedContent') stack.pop();
        else if (item.str?.trim() && furniture.some((re) => re.test(item.str!.trim()))) {
          found.push(item.str.trim());
          if (!stack.includes('Artifact')) problems.push(`page ${n}: furniture "${item.str.trim()}" is not an artifact`);
        }
      }
    }
  } finally {
    await doc.destroy();
  }
  return { problems, figures, furniture: found };
}
