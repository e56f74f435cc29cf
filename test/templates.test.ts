/** A network's own templates: files under data/modelli/ take the place of the package's with the same
 * path (outline, chart definitions, a partial, a slide kind, a chart spec, a page, the CSS), each checked
 * end to end in a build; a stray file is a warning naming the closest real path; a mistake in a template
 * is a located diagnostic printed by the CLI in the house format, at its own line, with exit 1. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type BuildResult, build } from '../src/build.js';
import { newCaches } from '../src/caches.js';
import { type Config, configFrom } from '../src/config.js';
import { inMemory } from '../src/context.js';
import { readYamlTemplate, TemplateError } from '../src/templates.js';
import { ROOT, runCli, seedFolder } from './support.js';

const temps: string[] = [];

/** A copy of the real data folder (as it was for the 2025 deck) with these files under data/modelli/; the project folder. */
async function project(models: Record<string, string>): Promise<string> {
  const dir = await seedFolder();
  temps.push(dir);
  for (const [rel, text] of Object.entries(models)) {
    const abs = path.join(dir, 'data', 'modelli', rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return dir;
}

const pkg = (rel: string) => readFileSync(path.join(ROOT, 'templates', rel), 'utf8');

/** The package's file with one text replaced (failing when the text is not there). */
function edited(rel: string, from: string, to: string): string {
  const text = pkg(rel);
  if (!text.includes(from)) throw new Error(`«${from}» is not in templates/${rel}`);
  return text.replace(from, to);
}

const buildInMemory = (dir: string) => {
  const config = configFrom(['build'], {}, dir, false) as Config;
  return build(config, inMemory(config));
};

/** The 1-based line of the first line of `text` holding `needle`. */
const lineIn = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

/** What `check` and `build` say about a project's first error: its "file:line:col: errore [code]" line. */
const firstError = (stderr: string) => /^\S+:\d+:\d+: errore \[[^\]]+\]$/m.exec(stderr)?.[0];

afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe('a network overriding the templates from data/modelli/', () => {
  let result: BuildResult;
  let deck: string;
  let report: string;

  beforeAll(async () => {
    const dir = await project({
      // The outline: a slide's title of its own, and the volunteers' section dropped.
      'slides.yaml': edited('slides.yaml', 'title: Soci e volontari', 'title: Le nostre convenzioni, ambito per ambito'),
      // Chart definitions: a chart's title.
      'charts.yaml': edited('charts.yaml', 'title: Soci per ambito\n  size: full\nsoci-ambiti-precedente', 'title: I soci di ogni ambito\n  size: full\nsoci-ambiti-precedente'),
      // A partial every slide uses.
      'partials/slide-footer.hbs': pkg('partials/slide-footer.hbs').replace('<footer class="slide-footer" aria-hidden="true">', '<footer class="slide-footer" aria-hidden="true" data-rete="propria">'),
      // A slide kind.
      'slides/big-number.hbs': pkg('slides/big-number.hbs').replace('<div class="slide-body big-number', '<div data-tipo="nostro" class="slide-body big-number'),
      // A chart spec: the columns of the services and people (series-groups) in a colour of the network's own.
      'charts/series-groups.vl.json': edited('charts/series-groups.vl.json', '"color": "$accent"', '"color": "#00a86b"'),
      // A page.
      'pages/report.html.hbs': edited('pages/report.html.hbs', '<meta name="generator" content="assemblea">', '<meta name="generator" content="assemblea, modelli della rete">'),
      // The CSS.
      'deck/slides.css': `${pkg('deck/slides.css')}\n.slide-footer[data-rete="propria"] { letter-spacing: 0.01em; }\n`,
    });
    result = await buildInMemory(dir);
    deck = String(result.pages!['deck.html']);
    report = String(result.pages!['report.html']);
  }, 120_000);

  it('takes the outline from modelli/slides.yaml', () => {
    expect(deck).toContain('Le nostre convenzioni, ambito per ambito');
    expect(deck).not.toContain('<h2 class="divider-title">Soci e volontari</h2>');
  });

  it('takes the chart definitions from modelli/charts.yaml', () => {
    expect(deck).toContain('I soci di ogni ambito');
  });

  it('takes a partial, a slide kind, a chart spec, a page and the CSS from modelli/', () => {
    const slides = (deck.match(/<section class="slide /g) ?? []).length;
    expect((deck.match(/<footer class="slide-footer" aria-hidden="true" data-rete="propria">/g) ?? []).length).toBe(slides);
    expect(deck).toMatch(/<div data-tipo="nostro" class="slide-body big-number/);
    // The services and people's columns: the colour the data folder's spec gives them, nowhere in the package's.
    const services = deck.slice(deck.indexOf('id="prestazioni-assistiti"'));
    expect(services.slice(0, services.indexOf('</section>')).toLowerCase()).toContain('fill="#00a86b"');
    expect(report).toContain('content="assemblea, modelli della rete"');
    expect(deck).toContain('.slide-footer[data-rete="propria"]');
  });

  it('says nothing about files that replace one of the package', () => {
    expect(result.diagnostics.filter((d) => d.code === 'modello-senza-originale')).toEqual([]);
  });
});

describe('a file under modelli/ that replaces nothing', () => {
  it('is a warning naming the package file it most likely meant, and is not used', async () => {
    const dir = await project({ 'slide.yaml': '- nothing\n', 'chart.hbs': '<p>mai usato</p>\n', 'partials/slide-foter.hbs': '<p>mai usato</p>\n' });
    const r = await runCli(['check'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('data/modelli/slide.yaml:1:1: avviso [modello-senza-originale]');
    expect(r.stderr).toMatch(/data\/modelli\/slide\.yaml[^]*Forse intendevi «modelli\/slides\.yaml»/);
    expect(r.stderr).toMatch(/data\/modelli\/chart\.hbs[^]*Forse intendevi «modelli\/slides\/chart\.hbs»/);
    expect(r.stderr).toMatch(/slide-foter\.hbs[^]*Forse intendevi «modelli\/partials\/slide-footer\.hbs»/);
    const strict = await runCli(['check', '--strict'], { cwd: dir });
    expect(strict.code).toBe(1);
  }, 120_000);
});

describe('a mistake in a template', () => {
  /** The CLI's build on a project: exit code and what it printed, with no stack trace. */
  async function buildFails(models: Record<string, string>) {
    const dir = await project(models);
    const r = await runCli(['build', '--only', 'html'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).toContain('Interrotto: 1 errore');
    return r.stderr;
  }

  it('a misspelled helper in a slides.yaml text is at its own line and column of slides.yaml', async () => {
    const text = edited('slides.yaml', 'title: Soci e volontari', 'title: Convenzioni {{nmu year}}');
    const line = lineIn(text, '{{nmu year}}');
    expect(line).toBeGreaterThan(50);
    const col = text.split('\n')[line - 1].indexOf('{{nmu') + 1;
    const err = await buildFails({ 'slides.yaml': text });
    expect(err).toContain(`data/modelli/slides.yaml:${line}:${col}: errore [modello-errato]`);
    expect(err).toContain('{{nmu …}}: questo aiuto non esiste (forse {{num …}}?)');
  }, 120_000);

  it('an unclosed {{ in a slides.yaml text is at its own line', async () => {
    const text = edited('slides.yaml', 'title: Soci e volontari', 'title: Convenzioni {{num year}');
    const err = await buildFails({ 'slides.yaml': text });
    // At the text's line and the column where the text starts (after "title: ").
    const line = lineIn(text, '{{num year}');
    expect(err).toContain(`data/modelli/slides.yaml:${line}:${text.split('\n')[line - 1].indexOf('Convenzioni') + 1}: errore [modello-errato]`);
    expect(err).toContain('sintassi non valida');
  }, 120_000);

  it('a helper given a missing figure is at its own line of slides.yaml, not line 1', async () => {
    const text = edited('slides.yaml', 'title: Soci e volontari', 'title: "Convenzioni {{num conventions.totale}}"');
    const line = lineIn(text, 'conventions.totale}}');
    const col = text.split('\n')[line - 1].indexOf('{{num') + 1;
    const err = await buildFails({ 'slides.yaml': text });
    expect(err).toContain(`data/modelli/slides.yaml:${line}:${col}: errore [modello-errato]`);
  }, 120_000);

  it('an unknown partial in a .hbs file is at its line of that file', async () => {
    const text = edited('slides/big-number.hbs', '{{> photos}}', '{{> foto}}');
    const err = await buildFails({ 'slides/big-number.hbs': text });
    expect(err).toContain(`data/modelli/slides/big-number.hbs:${lineIn(text, '{{> foto}}')}:1: errore [modello-errato]`);
    expect(err).toContain('il partial "foto" non esiste');
  }, 120_000);

  it('a chart spec that is not JSON is at its line and column', async () => {
    const text = edited('charts/series.vl.json', '"color": "$accent" }', '"color": "$accent", }');
    const err = await buildFails({ 'charts/series.vl.json': text });
    const line = lineIn(text, '"$accent", }');
    const col = text.split('\n')[line - 1].indexOf('"$accent", }') + '"$accent", '.length + 1;
    expect(err).toContain(`data/modelli/charts/series.vl.json:${line}:${col}: errore [modello-errato]`);
    expect(err).toContain('non è JSON valido');
  }, 120_000);

  it('a chart spec reading a field the chart has not is at its line, naming the chart', async () => {
    const text = edited('charts/series.vl.json', '"field": "changeLabel"', '"field": "variazione"');
    const err = await buildFails({ 'charts/series.vl.json': text });
    expect(err).toContain(`data/modelli/charts/series.vl.json:${lineIn(text, '"variazione"')}:1: errore [grafico-errato]`);
    expect(err).toContain('il campo "variazione" non c\'è nei dati del grafico');
  }, 120_000);

  it('a mistake in the outline (a duplicate id) is reported by check too', async () => {
    const text = edited('slides.yaml', '- id: convenzioni-ambiti', '- id: convenzioni');
    const dir = await project({ 'slides.yaml': text });
    const r = await runCli(['check'], { cwd: dir });
    expect(r.code).toBe(1);
    // At the repeated id itself: its line, and the column of the value after "- id: ".
    expect(r.stderr).toContain(`data/modelli/slides.yaml:${text.split('\n').lastIndexOf('- id: convenzioni') + 1}:7: errore [modello-errato]`);
    expect(r.stderr).toContain('già usato');
  }, 120_000);
});

describe('a careless edit of an overridden outline (modelli/slides.yaml)', () => {
  /** The text with one text replaced (failing when the text is not there). */
  function change(text: string, from: string | RegExp, to: string): string {
    expect(text).toMatch(from);
    return text.replace(from, to);
  }
  /** "line:col" of the first `needle` in `text`, plus `skip` characters into it. */
  function at(text: string, needle: string, skip = 0): string {
    const i = text.indexOf(needle);
    expect(i, needle).toBeGreaterThanOrEqual(0);
    const before = text.slice(0, i + skip).split('\n');
    return `${before.length}:${before.at(-1)!.length + 1}`;
  }
  /** The id of the entry the first `needle` is in: the "- id:" line before it. */
  const entryOf = (text: string, needle: string) => [...text.slice(0, text.indexOf(needle)).matchAll(/^- id: (\S+)$/gm)].at(-1)![1];
  const check = async (models: Record<string, string>) => runCli(['check'], { cwd: await project(models) });
  /** The package's `rel` with one text replaced, checked as a network's own: check must stop on it. */
  async function failing(rel: string, from: string, to: string): Promise<{ text: string; stderr: string }> {
    const text = change(pkg(rel), from, to);
    const r = await check({ [rel]: text });
    expect(r.code).toBe(1);
    return { text, stderr: r.stderr };
  }

  it('says each mistake of the entries at its own line and column, in Italian, naming the field', async () => {
    let text = pkg('slides.yaml');
    // A misspelt field; a field no template reads; a single value where a list goes; a value not among
    // those allowed; a line of a group indented as the group's own; a required field deleted.
    text = change(text, 'title: Volontari per ambito', 'tittle: Volontari per ambito\n  sottotitolo: I soci');
    text = change(text, 'needs: [network]', 'needs: network');
    text = change(text, 'printedYears: all', 'printedYears: tutti');
    text = change(text, '    parts:\n', '  parts:\n');
    text = change(text, /^(- id: [^\n]+\n(?: {2}(?!section:)[^\n]*\n)*) {2}section: [^\n]*\n/m, '$1');
    const r = await check({ 'slides.yaml': text });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/Invalid input|expected|received|\b\d+\.(?!yaml)[a-z]\w*: /i);
    const f = 'data/modelli/slides.yaml';

    expect(r.stderr).toContain(`${f}:${at(text, 'tittle:')}: errore [campo-sconosciuto] ${entryOf(text, 'tittle:')} › tittle`);
    expect(r.stderr).toContain('Il campo «tittle» non esiste in questo punto.\n  Come correggere: Forse intendevi «title»?');
    // The misspelling explains the missing title: not said twice.
    expect(r.stderr).not.toContain('Manca il campo «title»');

    expect(r.stderr).toContain(`${f}:${at(text, 'sottotitolo:')}: errore [campo-sconosciuto] ${entryOf(text, 'sottotitolo:')} › sottotitolo`);
    expect(r.stderr).toContain('Il campo «sottotitolo» non esiste in questo punto.\n  Come correggere: Controlla il nome del campo o il rientro della riga');

    expect(r.stderr).toContain(`${f}:${at(text, 'needs: network', 'needs: '.length)}: errore [tipo-errato] ${entryOf(text, 'needs: network')} › needs`);
    expect(r.stderr).toContain('Dopo «needs:» ci vuole un elenco, invece c\'è un valore solo: «network».\n  Come correggere: Scrivi l\'elenco tra parentesi quadre, "needs: [network]"');

    expect(r.stderr).toContain(`${f}:${at(text, 'printedYears: tutti', 'printedYears: '.length)}: errore [valore-non-ammesso] ${entryOf(text, 'printedYears: tutti')} › printedYears`);
    expect(r.stderr).toContain('Il valore «tutti» non è ammesso qui.\n  Come correggere: I valori ammessi sono: current, previous, both, all.');

    expect(r.stderr).toContain(`${f}:${at(text, '\n  parts:', 3)}: errore [yaml-rientro] ${entryOf(text, '\n  parts:')} › split › parts`);
    expect(r.stderr).toContain('La riga «parts:» ha meno spazi davanti del necessario: così non fa parte di «split:», dove manca');
    expect(r.stderr).not.toContain('Manca il campo «parts»');

    // A missing field is at the entry it is missing from: its first line, after "- ".
    const first = /^- id: \S+$/m.exec(text)![0];
    expect(r.stderr).toContain(`${f}:${at(text, first, 2)}: errore [campo-mancante] ${first.slice('- id: '.length)} › section`);
    expect(r.stderr).toContain('Manca il campo «section».\n  Come correggere: Aggiungi la riga "section: ..." con il suo valore.');
    expect(r.stdout).toContain('6 errori');
  }, 120_000);

  it('a kind of slide that does not exist is at its value, with the kind it meant', async () => {
    const { text, stderr } = await failing('slides.yaml', 'kind: chart\n', 'kind: chrat\n');
    expect(stderr).toContain(`data/modelli/slides.yaml:${at(text, 'kind: chrat', 'kind: '.length)}: errore [valore-non-ammesso] ${entryOf(text, 'kind: chrat')} › kind`);
    expect(stderr).toContain('Il tipo di diapositiva «chrat» non esiste');
    expect(stderr).toContain('Forse intendevi «chart»?');
  }, 120_000);

  it('a line indented further than its neighbours is at that line, not the one above', async () => {
    const { text, stderr } = await failing('slides.yaml', 'title: Volontari per ambito', '    title: Volontari per ambito');
    expect(firstError(stderr)).toBe(`data/modelli/slides.yaml:${at(text, 'title: Volontari per ambito')}: errore [yaml-rientro]`);
    expect(stderr).toContain('Il rientro di questa riga non torna con quello delle righe vicine.');
  }, 120_000);

  it('a chart definition in modelli/charts.yaml is checked the same way', async () => {
    const { text, stderr } = await failing('charts.yaml', 'size: full', 'size: enorme');
    const id = [...text.slice(0, text.indexOf('size: enorme')).matchAll(/^([a-z0-9-]+):$/gm)].at(-1)![1];
    expect(stderr).toContain(`data/modelli/charts.yaml:${at(text, 'size: enorme', 'size: '.length)}: errore [valore-non-ammesso] ${id} › size`);
    expect(stderr).toContain('Il valore «enorme» non è ammesso qui.\n  Come correggere: I valori ammessi sono: full, wide, half, half-short, map.');
  }, 120_000);

  it("a field the network's own slide template reads is no mistake, and reaches the slide", async () => {
    const text = change(pkg('slides.yaml'), 'needs: [network]', 'needs: [network]\n  sottotitolo: La nostra rete');
    const chart = `{{#if slide.sottotitolo}}<p class="sottotitolo">{{slide.sottotitolo}}</p>{{/if}}\n${pkg('slides/chart.hbs')}`;
    const dir = await project({ 'slides.yaml': text, 'slides/chart.hbs': chart });
    const r = await runCli(['check'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('sottotitolo');
    expect(String((await buildInMemory(dir)).pages!['deck.html'])).toContain('<p class="sottotitolo">La nostra rete</p>');
  }, 120_000);
});

describe('the live preview', () => {
  it('rebuilds when a file under modelli/ is saved', async () => {
    const { dev } = await import('../src/dev.js');
    const dir = await project({});
    const config = { ...(configFrom(['dev', '--port', '0'], {}, dir, false) as Config) };
    const server = await dev(config, { log: () => {} });
    try {
      const deck = async () => (await fetch(new URL('deck.html', server.url))).text();
      expect(await deck()).toContain('Soci e volontari');
      mkdirSync(path.join(dir, 'data', 'modelli'), { recursive: true });
      writeFileSync(path.join(dir, 'data', 'modelli', 'slides.yaml'), edited('slides.yaml', 'title: Soci e volontari', 'title: Convenzioni, ambito per ambito'));
      for (let i = 0; i < 100 && !(await deck()).includes('Convenzioni, ambito per ambito'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        await server.idle();
      }
      expect(await deck()).toContain('Convenzioni, ambito per ambito');
    } finally {
      await server.close();
    }
  }, 120_000);
});

/** Template files read on every build of the live preview: parsed again only when they changed (while its caches last). */

describe('readYamlTemplate', () => {
  it('reuses what it parsed while the file is unchanged, and sees every change', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'assemblea-templates-'));
    temps.push(dir);
    const file = path.join(dir, 'slides.yaml');
    const schema = z.array(z.strictObject({ id: z.string() }));
    await writeFile(file, '- id: apertura\n- id: soci\n');
    const caches = newCaches();
    const first = await readYamlTemplate(file, schema, caches);
    const again = await readYamlTemplate(file, schema, caches);
    expect(again.value).toEqual([{ id: 'apertura' }, { id: 'soci' }]);
    expect(again.value).toBe(first.value); // not parsed a second time
    expect(again.lineOf([1, 'id'])).toBe(2);
    // Other caches (another build) parse it again.
    expect((await readYamlTemplate(file, schema, newCaches())).value).not.toBe(first.value);

    await writeFile(file, '- id: apertura\n- id: volontari\n- id: soci\n');
    const changed = await readYamlTemplate(file, schema, caches);
    expect(changed.value).toEqual([{ id: 'apertura' }, { id: 'volontari' }, { id: 'soci' }]);
    expect(changed.lineOf([2, 'id'])).toBe(3);

    // A mistake is reported every time, with its line, not remembered as a good result.
    await writeFile(file, '- id: apertura\n- id: [soci\n');
    for (let i = 0; i < 2; i++) {
      const e = await readYamlTemplate(file, schema, caches).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(TemplateError);
      expect((e as TemplateError).line).toBeGreaterThanOrEqual(2);
    }
    // Another schema over the same text is checked on its own.
    await writeFile(file, '- id: apertura\n');
    await readYamlTemplate(file, schema, caches);
    await expect(readYamlTemplate(file, z.array(z.strictObject({ id: z.number() })), caches)).rejects.toBeInstanceOf(TemplateError);
  });
});

describe("check validates a network's own templates as build does", () => {
  it('a Handlebars mistake in an override stops check with the error build stops on', async () => {
    const text = edited('slides/big-number.hbs', '{{slide.value}}', '{{slide.value}');
    const dir = await project({ 'slides/big-number.hbs': text });
    const checked = await runCli(['check'], { cwd: dir });
    const built = await runCli(['build', '--only', 'html'], { cwd: dir });
    expect(checked.code).toBe(1);
    expect(built.code).toBe(1);
    expect(firstError(checked.stderr)).toBe(`data/modelli/slides/big-number.hbs:${lineIn(text, '{{slide.value}')}:1: errore [modello-errato]`);
    expect(firstError(built.stderr)).toBe(firstError(checked.stderr));
    expect(checked.stdout).toContain('1 errore');
  }, 120_000);

  it("a misspelled figure in an overridden footer is at the footer's own line, for check and build alike", async () => {
    // The footer's words, and the footer itself: each included from deck.html.hbs, never blamed on it.
    for (const [rel, from] of [
      ['partials/footer-text.hbs', '{{@root.organisation}}'],
      ['partials/slide-footer.hbs', '{{@root.count}}'],
    ] as const) {
      const text = edited(rel, from, from.replace(/(organisation|count)/, '$1e'));
      const dir = await project({ [rel]: text });
      const col = text.split('\n')[lineIn(text, from.replace(/(organisation|count)/, '$1e')) - 1].indexOf(from.replace(/(organisation|count)/, '$1e')) + 3;
      for (const r of [await runCli(['check'], { cwd: dir }), await runCli(['build', '--only', 'html'], { cwd: dir })]) {
        expect(r.code, rel).toBe(1);
        expect(firstError(r.stderr), rel).toBe(`data/modelli/${rel}:${lineIn(text, 'e}}')}:${col}: errore [modello-errato]`);
        expect(r.stderr).not.toContain('deck.html.hbs');
      }
    }
  }, 240_000);

  it('a YAML mistake in an overridden outline is in Italian, as in a year file, at its line', async () => {
    const text = edited('slides.yaml', 'title: Soci e volontari', 'title: "Soci e volontari');
    const dir = await project({ 'slides.yaml': text });
    const r = await runCli(['check'], { cwd: dir });
    expect(r.code).toBe(1);
    // The same words a year file's unclosed quote gets (source.ts), at the opening quote.
    const line = lineIn(text, 'title: "Soci e volontari');
    expect(r.stderr).toContain(`data/modelli/slides.yaml:${line}:${text.split('\n')[line - 1].indexOf('"') + 1}: errore [yaml-virgolette]`);
    expect(r.stderr).toContain('Le virgolette (") aperte qui non sono mai chiuse');
    expect(r.stderr).not.toMatch(/Missing closing|quote/);
  }, 120_000);

  it("a misspelled figure in needs, a chart's source or a chart's name is an error with the name it meant, and no warning to add what is there", async () => {
    const outline = edited('slides.yaml', 'needs: [network]', 'needs: [netwrok]');
    const charts = edited('charts.yaml', 'source: conventions.byCounterpartGrouped', 'source: conventions.byCountrepartGrouped');
    const dir = await project({ 'slides.yaml': outline, 'charts.yaml': charts });
    const r = await runCli(['check'], { cwd: dir });
    expect(r.code).toBe(1);
    const needsLine = lineIn(outline, 'needs: [netwrok]');
    expect(r.stderr).toContain(`data/modelli/slides.yaml:${needsLine}:${outline.split('\n')[needsLine - 1].indexOf('netwrok') + 1}: errore [modello-errato]`);
    expect(r.stderr).toContain('needs: «netwrok» non è uno dei dati che il programma calcola (forse «network»?)');
    expect(r.stderr).toContain(`data/modelli/charts.yaml:${lineIn(charts, 'byCountrepart')}:`);
    expect(r.stderr).toContain('«conventions» non ha «byCountrepartGrouped» (forse «conventions.byCounterpartGrouped»?)');
    // The network's section is in the data: nothing asks to add it.
    expect(r.stderr).not.toMatch(/diapositiva-omessa\] rete\b/);
    const built = await runCli(['build', '--only', 'html'], { cwd: dir });
    expect(built.code).toBe(1);
    expect(built.stderr).toContain('(forse «network»?)');

    const wrongChart = edited('slides.yaml', 'chart: rete-ambiti', 'chart: rete-ambit');
    const c = await runCli(['check'], { cwd: await project({ 'slides.yaml': wrongChart }) });
    expect(c.code).toBe(1);
    expect(c.stderr).toContain(`data/modelli/slides.yaml:${lineIn(wrongChart, 'chart: rete-ambit')}:`);
    expect(c.stderr).toContain("chart: non c'è un grafico «rete-ambit» in charts.yaml (forse «rete-ambiti»?)");
  }, 240_000);

  it("every path of the package's outline and chart definitions is one derive makes, for the real data", async () => {
    const { check } = await import('../src/check.js');
    const r = await check({ dataDir: path.join(ROOT, 'data'), cwd: ROOT });
    expect(r.diagnostics.filter((d) => d.code === 'modello-errato')).toEqual([]);
  }, 60_000);
});

describe("a network's own footer (modelli/partials/footer-text.hbs)", () => {
  it("is the footer of every slide of deck.html, every page of the handout and deck.pptx's masters", async () => {
    const words = 'Auser della rete · piè di pagina proprio · {{@root.year}}';
    const dir = await project({ 'partials/footer-text.hbs': words });
    const out = path.join(dir, 'uscita');
    const r = await runCli(['build', '--out', out, '--only', 'html,pdf,pptx'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const expected = 'Auser della rete · piè di pagina proprio · 2025';
    const deck = readFileSync(path.join(out, '2025', 'deck.html'), 'utf8');
    const footers = deck.match(/<footer class="slide-footer"[^>]*><span>([^<]*)<\/span>/g) ?? [];
    expect(footers.length).toBe((deck.match(/<section class="slide /g) ?? []).length);
    for (const f of footers) expect(f).toContain(`<span>${expected}</span>`);
    const { execFileSync } = await import('node:child_process');
    const handout = execFileSync('pdftotext', [path.join(out, '2025', 'handout.pdf'), '-'], { encoding: 'utf8' })
      .split('\f')
      .filter((p) => p.trim());
    for (const page of handout) expect(page.replace(/\s+/g, ' ')).toContain(expected);
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, '2025', 'deck.pptx')));
    const masters = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /^ppt\/slide(Masters\/slideMaster|Layouts\/slideLayout)\d+\.xml$/.test(n))
        .map((n) => zip.file(n)!.async('string')),
    );
    const withFooter = masters.filter((x) => x.includes(expected));
    expect(withFooter.length).toBeGreaterThanOrEqual(4);
    expect(masters.join('')).not.toMatch(/Assemblea dei soci[^<]*· \d+ maggio/);
  }, 240_000);
});
