/** A zod schema + a path in the data -> what governs each step of it: the schema there, its description,
 * whether it may be left out, whether its key is a name (a district, a list item) rather than a field.
 * The one walk over the schema that validate (messages, blanks), new-year (comments) and the plain-Italian
 * labels (schema.ts) share. Pure. */
import type { z } from 'zod';

export type AnySchema = z.core.$ZodType;

interface Def {
  type: string;
  innerType?: AnySchema;
  shape?: Record<string, AnySchema>;
  keyType?: AnySchema;
  valueType?: AnySchema;
  element?: AnySchema;
  /** A record whose keys may each be missing (z.partialRecord). */
  partial?: boolean;
  /** An enum's values by name. */
  entries?: Record<string, string>;
}

export const defOf = (s: AnySchema): Def => s._zod.def as unknown as Def;

const WRAPPERS = ['optional', 'nullable', 'default'];

/** A schema without its optional wrappers, and the description found on the way (outermost wins). */
export function unwrap(s: AnySchema): { schema: AnySchema; description?: string } {
  let cur = s;
  let description = (s as { description?: string }).description;
  while (WRAPPERS.includes(defOf(cur).type) && defOf(cur).innerType) {
    cur = defOf(cur).innerType!;
    description ??= (cur as { description?: string }).description;
  }
  return { schema: cur, description };
}

export interface Step {
  key: PropertyKey;
  /** The schema that governs the value at this step, wrappers removed; undefined off the schema. */
  schema: AnySchema | undefined;
  description?: string;
  /** The value may be left out: an optional field, or a key of a partial record. */
  optional: boolean;
  /** The key is a name (a record's key, a list's index), not a field of an object. */
  isName: boolean;
}

/** The step under `key` of a value governed by `parent` (wrappers allowed). */
export function childOf(parent: AnySchema | undefined, key: PropertyKey): Step {
  const d = parent && defOf(unwrap(parent).schema);
  let raw: AnySchema | undefined;
  let optional = false;
  if (d?.type === 'object') {
    raw = d.shape?.[String(key)];
    optional = !!raw && defOf(raw).type === 'optional';
  } else if (d?.type === 'record') {
    raw = d.valueType;
    optional = d.partial === true;
  } else if (d?.type === 'array') raw = d.element;
  const inner = raw && unwrap(raw);
  return { key, schema: inner?.schema, description: inner?.description, optional, isName: d?.type === 'record' || d?.type === 'array' };
}

/** Every step along `path` from the root schema; steps off the schema have no schema. */
export function walkPath(root: AnySchema, path: readonly PropertyKey[]): Step[] {
  const steps: Step[] = [];
  let s: AnySchema | undefined = root;
  for (const key of path) {
    const step = childOf(s, key);
    steps.push(step);
    s = step.schema;
  }
  return steps;
}

/** The schema that governs the value at `path` (optional wrappers removed). */
export function schemaAt(root: AnySchema, path: readonly PropertyKey[]): AnySchema | undefined {
  return path.length ? walkPath(root, path).at(-1)!.schema : unwrap(root).schema;
}
