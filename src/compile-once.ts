/** Handlebars source text + compile options -> a template bound to a Handlebars instance, compiled once
 * per process. Handlebars compiles a text to a template spec (JavaScript) and binds the spec to an
 * instance's helpers and partials; only the binding is per build. A slide outline repeats the same small
 * strings, and the live preview rebuilds on every save: both reuse the spec. Pure apart from the memo. */
import type Handlebars from 'handlebars';

type Options = Parameters<typeof Handlebars.precompile>[1];

const specs = new Map<string, TemplateSpecification>();
const trees = new Map<string, hbs.AST.Program>();
type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/** Keep the memo from growing without end in a long `dev` session whose templates keep changing. */
const LIMIT = 5_000;
const remember = <T>(memo: Map<string, T>, key: string, value: T): T => {
  if (memo.size >= LIMIT) memo.clear();
  memo.set(key, value);
  return value;
};

/** The compiled template; throws Handlebars' own error (with its line) for a syntax error, as compile does. */
export function compileOnce(hb: typeof Handlebars, text: string, options: Options): Handlebars.TemplateDelegate {
  const key = `${JSON.stringify(options)}\u0000${text}`;
  // precompile gives the spec as source code; evaluated, it is what compile would bind (Handlebars's own way of shipping templates).
  const spec = specs.get(key) ?? remember(specs, key, new Function(`return ${hb.precompile(text, { ...options })}`)() as TemplateSpecification);
  return hb.template(spec);
}

/** The syntax tree, parsed once per text (read only: callers walk it). */
export function parseOnce(hb: typeof Handlebars, text: string): hbs.AST.Program {
  return trees.get(text) ?? remember(trees, text, hb.parse(text));
}
