/** Templates compiled once while their caches last (the live preview keeps them across rebuilds): the same
 * text in a second build (or a second slide) costs only the binding to that build's Handlebars instance,
 * and behaves exactly as a fresh compile. */
import Handlebars from 'handlebars';
import { describe, expect, it, vi } from 'vitest';
import { newCaches } from '../src/caches.js';
import { compileOnce, parseOnce } from '../src/compile-once.js';

const STRICT = { strict: true, knownHelpersOnly: true, knownHelpers: { num: true } } as const;

function instance(num: (n: number) => string) {
  const hb = Handlebars.create();
  hb.registerHelper('num', num);
  hb.registerPartial('who', '<b>{{name}}</b>');
  return hb;
}

describe('compileOnce', () => {
  it('compiles a text once; each instance keeps its own helpers and partials', () => {
    const text = 'Soci {{num count}} di {{> who}}';
    const a = instance((n) => `${n}!`);
    const b = instance((n) => `n.${n}`);
    const spyA = vi.spyOn(a, 'precompile');
    const spyB = vi.spyOn(b, 'precompile');
    const caches = newCaches();
    expect(compileOnce(a, text, STRICT, caches)({ count: 7, name: 'Cremasco' })).toBe('Soci 7! di <b>Cremasco</b>');
    expect(compileOnce(b, text, STRICT, caches)({ count: 7, name: 'Cremasco' })).toBe('Soci n.7 di <b>Cremasco</b>');
    expect(compileOnce(b, text, STRICT, caches)({ count: 8, name: 'Casalasco' })).toBe('Soci n.8 di <b>Casalasco</b>');
    expect(spyA.mock.calls.length + spyB.mock.calls.length).toBe(1);
    // Other caches (another build) compile it again.
    expect(compileOnce(b, text, STRICT, newCaches())({ count: 9, name: 'Cremonese' })).toBe('Soci n.9 di <b>Cremonese</b>');
    expect(spyA.mock.calls.length + spyB.mock.calls.length).toBe(2);
  });

  it('gives what Handlebars.compile gives: escaping, noEscape, strict mode with the line', () => {
    const hb = instance(String);
    const context = { a: '<i>x</i> & "y"' };
    expect(compileOnce(hb, '{{a}}', STRICT)(context)).toBe(hb.compile('{{a}}', STRICT)(context));
    expect(compileOnce(hb, '{{a}}', { ...STRICT, noEscape: true })(context)).toBe('<i>x</i> & "y"');
    // Options are part of the key: the escaped and the raw version are two templates.
    expect(compileOnce(hb, '{{a}}', STRICT)(context)).toBe('&lt;i&gt;x&lt;/i&gt; &amp; &quot;y&quot;');
    expect(() => compileOnce(hb, 'ok\n{{missing}}', STRICT)({})).toThrow(/"missing" not defined in .* - 2:2/);
  });

  it('a syntax error is thrown with its line, and not remembered as a template', () => {
    const hb = instance(String);
    const bad = 'riga uno\n{{#if x}}aperto';
    const caches = newCaches();
    expect(() => compileOnce(hb, bad, STRICT, caches)).toThrow(/line 2|- 2:/);
    expect(() => compileOnce(hb, bad, STRICT, caches)).toThrow(/line 2|- 2:/);
    expect(caches.compiled.size).toBe(0);
  });

  it('parses a text once', () => {
    const hb = Handlebars.create();
    const spy = vi.spyOn(hb, 'parse');
    const text = `{{#each xs}}{{this}}{{/each}} ${Math.random()}`;
    const caches = newCaches();
    expect(parseOnce(hb, text, caches)).toBe(parseOnce(hb, text, caches));
    expect(spy).toHaveBeenCalledTimes(1);
  });
});
