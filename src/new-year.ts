/** The latest year's file + the year schema -> the text of next year's file: the same structure, every
 * figure blank with last year's value and what it means in a comment beside it. Pure: `commands.ts` reads
 * the latest file and writes the new one. */
import { type Document, isMap, isScalar, isSeq, type Node, type Pair, Scalar, visit } from 'yaml';
import { textMsg } from './messages.js';
import { notAFigure } from './review.js';
import { type AnySchema, childOf, unwrap } from './schema-walk.js';
import type { SourceDoc } from './source.js';

/** Numbers copied from an old printed deck, only to be checked: a new year has no printed deck yet. */
const PRINTED = /_stampat[oa]$/;
/** Text that changes every year as surely as a figure: a date (2026-05-16), an academic year (2025/26). */
const YEARLY_TEXT = /^\d{4}-\d{2}-\d{2}$|^\d{4}\/\d{2}$/;

const sentence = (s: string) => s.trim().replace(/[.\s]*$/, '.');
const bare = (s: string) => s.trim().replace(/[.\s]*$/, '');

/** A table says what it holds twice ("Km percorsi per ambito", then on per_ambito "Km percorsi per
 * ambito, un numero per ogni ambito"): the fuller one, below, is enough. */
function repeatedBelow(value: Node | null, schema: AnySchema | undefined, description: string | undefined): boolean {
  if (!description || !isMap(value)) return false;
  return value.items.some((p) => {
    const d = isScalar(p.key) ? childOf(schema, String(p.key.value)).description : undefined;
    return !!d && bare(d).startsWith(bare(description));
  });
}

export interface NewYear {
  text: string;
  /** How many figures (numbers) were left blank: the review page's count of the year's figures. */
  figures: number;
  /** How many texts that change every year (a date, an academic year) were left blank. */
  texts: number;
}

export function newYearFile(latest: { year: number; source: SourceDoc }, year: number, schema: AnySchema): NewYear {
  const doc = latest.source.doc.clone() as Document.Parsed;
  const from = latest.year;
  // Last year's comments were about last year's figures; the new file gets its own.
  visit(doc, {
    Node(_k, node) {
      delete (node as { commentBefore?: string }).commentBefore;
      delete (node as { comment?: string }).comment;
    },
    Pair(_k, pair) {
      delete (pair as { commentBefore?: string }).commentBefore;
    },
  });
  doc.comment = null;

  let figures = 0;
  let texts = 0;
  const described = new Set<string>();
  /** Each field's meaning is said once, the first time it appears (not on every item of a list). */
  const describeOnce = (shape: string, description: string | undefined) => {
    if (!description || described.has(shape)) return undefined;
    described.add(shape);
    return sentence(description);
  };

  const walk = (node: Node | null, schema: AnySchema | undefined, shape: string[]): void => {
    if (isMap(node)) {
      node.items = node.items.filter((p) => !(isScalar(p.key) && PRINTED.test(String(p.key.value))));
      for (const pair of node.items) walkPair(pair, schema, shape);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item as Node, unwrapChild(schema, i).schema, [...shape, '*']));
    }
  };
  const unwrapChild = (schema: AnySchema | undefined, key: string | number) => childOf(schema, key);
  const walkPair = (pair: Pair, schema: AnySchema | undefined, shape: string[]) => {
    if (!isScalar(pair.key)) return;
    const key = String(pair.key.value);
    const { schema: s, description } = unwrapChild(schema, key);
    const here = [...shape, key];
    const value = pair.value as Node | null;
    const meaning = describeOnce(here.join('.'), repeatedBelow(value, s, description) ? undefined : description);
    if (key === 'anno' && here.length === 1) {
      pair.value = new Scalar(year);
      return;
    }
    const figure = isScalar(value) && typeof value.value === 'number' && !notAFigure(key);
    if (isScalar(value) && (figure || (typeof value.value === 'string' && YEARLY_TEXT.test(value.value)))) {
      const blank = new Scalar(null);
      blank.comment = ` ${meaning ? `${meaning} ` : ''}Nel ${from}: ${String(value.value)}`;
      pair.value = blank;
      if (figure) figures++;
      else texts++;
      return;
    }
    if (isScalar(value)) {
      // Beside a kept text, not above it: above the first field of a list item it would land after the "- ".
      const stale = typeof value.value === 'string' && value.value.includes(String(from)) ? textMsg.staleText(from) : '';
      const comment = [meaning, stale].filter(Boolean).join(' ');
      if (comment) value.comment = ` ${comment}`;
    } else if (meaning) (pair.key as Scalar).commentBefore = ` ${meaning}`;
    walk(value, s, here);
  };
  walk(doc.contents as Node, unwrap(schema).schema, []);

  const first = latest.source.text.split('\n')[0];
  const schemaLine = /^#\s*yaml-language-server:/.test(first) ? [first.slice(1)] : [];
  doc.commentBefore = [...schemaLine, ...textMsg.newYearHead(year, from)].join('\n');
  const text = doc.toString({ nullStr: '', lineWidth: 0 });
  return { text, figures, texts };
}
