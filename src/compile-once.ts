/** Handlebars source text + compile options -> a template bound to a Handlebars instance, compiled once
 * while the caches last (caches.ts: a build's, or the live preview's across its rebuilds). Handlebars
 * compiles a text to a template spec (JavaScript) and binds the spec to an instance's helpers and
 * partials; only the binding is per build. A slide outline repeats the same small strings, and the live
 * preview rebuilds on every save: both reuse the spec. Pure apart from the memo it is given. */
import type Handlebars from 'handlebars';
import type { Memo } from './caches.js';

type Options = Parameters<typeof Handlebars.precompile>[1];

export type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/** The memos compileOnce and parseOnce keep their work in (see Caches); without them each call compiles. */
export interface CompileMemos {
  compiled: Memo<TemplateSpecification>;
  trees: Memo<hbs.AST.Program>;
}

/** The compiled template; throws Handlebars' own error (with its line) for a syntax error, as compile does. */
export function compileOnce(hb: typeof Handlebars, text: string, options: Options, memos?: CompileMemos): Handlebars.TemplateDelegate {
  const key = `${JSON.stringify(options)}\u0000${text}`;
  // precompile gives the spec as source code; evaluated, it is what compile would bind (Handlebars's own way of shipping templates).
  const known = memos?.compiled.get(key);
  const spec = known ?? (new Function(`return ${hb.precompile(text, { ...options })}`)() as TemplateSpecification);
  if (!known) memos?.compiled.set(key, spec);
  return hb.template(spec);
}

/** The syntax tree, parsed once per text (read only: callers walk it). */
export function parseOnce(hb: typeof Handlebars, text: string, memos?: CompileMemos): hbs.AST.Program {
  const known = memos?.trees.get(text);
  if (known) return known;
  const tree = hb.parse(text);
  memos?.trees.set(text, tree);
  return tree;
}
