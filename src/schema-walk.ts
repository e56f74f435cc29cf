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

/** A description as a YAML comment: without "(facoltativo)" and the final stop. */
const asComment = (d: string) =>
  d
    .replace(/\s*\(facoltativo\)/g, '')
    .trim()
    .replace(/[.\s]*$/, '');

/** What the names of a copyable example are: the districts of the year (a table by district gets a line for each). */
export interface ExampleNames {
  districts: readonly string[];
}

/** Lines of YAML being written, and whether every value left blank is a number. */
interface Written {
  lines: string[];
  numbers: boolean;
}

/** The lines that write `key` and the value `schema` governs, at `pad` spaces: the fields an object
 * requires (every field when it requires none), a line per district for a table by district (one, the
 * first name, for a table by municipality), one item for a list; every value left blank, as new-year
 * leaves them, and a field's description beside it as a comment when it says more than its name. */
function shapeLines(s: AnySchema | undefined, key: string, pad: number, names: ExampleNames, out: Written, description?: string): void {
  const head = `${' '.repeat(pad)}${key}:`;
  const d = s && defOf(s);
  if (d?.type === 'object' && d.shape) {
    out.lines.push(head);
    const fields = Object.entries(d.shape);
    const required = fields.filter(([, v]) => defOf(v).type !== 'optional');
    for (const [k, v] of required.length ? required : fields) shapeLines(unwrap(v).schema, k, pad + 2, names, out, unwrap(v).description);
  } else if (d?.type === 'record') {
    out.lines.push(head);
    const keyDef = d.keyType && defOf(d.keyType);
    const keys = keyDef?.type === 'enum' && keyDef.entries ? Object.values(keyDef.entries) : [];
    const isDistricts = keys.length > 0 && keys.every((k) => names.districts.includes(k));
    const value = d.valueType && unwrap(d.valueType).schema;
    for (const k of isDistricts ? keys : keys.length ? keys.slice(0, 1) : ['nome']) shapeLines(value, k, pad + 2, names, out);
  } else if (d?.type === 'array' && d.element) {
    out.lines.push(head);
    const element = unwrap(d.element).schema;
    if (defOf(element).type === 'object') {
      const at = out.lines.length;
      shapeLines(element, '-', pad + 2, names, out);
      // The first field goes on the dash's line ("  - nome:"), the others under it.
      out.lines.splice(at, 1);
      out.lines[at] = `${' '.repeat(pad + 2)}- ${out.lines[at].trimStart()}`;
    } else {
      out.lines.push(`${' '.repeat(pad + 2)}-`);
      out.numbers &&= defOf(element).type === 'number';
    }
  } else {
    const said = description && asComment(description);
    out.lines.push(said && said.toLowerCase() !== key.replace(/_/g, ' ').toLowerCase() ? `${head} # ${said}` : head);
    out.numbers &&= d?.type === 'number';
  }
}

/** A copyable YAML example for the field at `path`, of which the first `present` steps are already in the
 * file, written from `indent` spaces: the missing steps' keys (with the fields a missing group requires
 * beside the one the path goes on with), and the whole shape of the last step. Values are blank; `numbers`
 * says whether they are all numbers. Undefined when the path leaves the schema. */
export function yamlExample(root: AnySchema, path: readonly PropertyKey[], present: number, indent: number, names: ExampleNames): { yaml: string; numbers: boolean } | undefined {
  const steps = walkPath(root, path);
  if (!steps.length || steps.some((st) => !st.schema) || typeof path.at(-1) !== 'string') return undefined;
  const out: Written = { lines: [], numbers: true };
  let pad = indent;
  for (let i = present; i < path.length - 1; i++) {
    if (typeof path[i] !== 'string') return undefined;
    out.lines.push(`${' '.repeat(pad)}${String(path[i])}:`);
    for (const [k, v] of Object.entries(defOf(steps[i].schema!).shape ?? {})) {
      if (k !== path[i + 1] && defOf(v).type !== 'optional') shapeLines(unwrap(v).schema, k, pad + 2, names, out, unwrap(v).description);
    }
    pad += 2;
  }
  const last = steps.at(-1)!;
  shapeLines(last.schema, String(path.at(-1)), pad, names, out, last.description);
  return { yaml: out.lines.join('\n'), numbers: out.numbers };
}
