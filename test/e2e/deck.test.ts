/** The real data (data/) -> output/<year>/deck.html, built in-process with --only html, then opened in
 * headless Chromium from a file:// URL: no network, every slide reached by keyboard with the hash
 * following, each figure of the seed deck on its slide, nothing spilling out of a 16:9 slide or too
 * small to read from the back of a room, a text alternative on every chart, and data always escaped. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/browser.js';
import { build } from '../../src/build.js';
import { NO_CONVENTION } from '../../src/chart-shapes.js';
import { type Config, configFrom } from '../../src/config.js';
import { DATA, type Opened, openPage, ROOT } from '../support.js';

// The code inside page.evaluate runs in the browser; the project compiles without the DOM library.
declare const document: any;
declare const location: any;
declare const window: any;
declare const performance: any;
declare const getComputedStyle: any;
declare const NodeFilter: any;

/** The deck of the 2026 assembly, in order. Slides whose figures the seed lost (presidents, boards,
 * volunteers and social mobility by district, deliveries, company, secretariat, people reached) are
 * left out with a warning, never shown empty. */
const SLIDES = [
  'copertina',
  'in-breve',
  'rete',
  'convenzioni',
  'convenzioni-ambiti',
  'sezione-soci',
  'soci-crescita',
  'soci-storico',
  'volontari',
  'ore-volontariato',
  'sezione-aiuto',
  'servizi-offerti',
  'automezzi',
  'mobilita-totali',
  'km',
  'officine',
  'prestazioni-assistiti',
  'sezione-civico',
  'volontariato-civico',
  'attivita-civiche',
  'centri-sociali',
  'turismo-sociale',
  'estate',
  'apprendimento',
  'unipop',
  'progetto-1',
  'progetto-2',
  'chiusura',
];

const LEFT_OUT = ['presidenti', 'comitati', 'volontari-ambiti', 'mobilita-assistiti', 'mobilita-interventi', 'consegne', 'compagnia', 'segretariato', 'persone-raggiunte', 'assistiti-ambiti'];

/** What a slide must show: `text`, each found in the visible text of the slide (a number as a whole
 * token: "19" is not found in "1.193"); `rows`, a row of one of the slide's tables (shown, or the data
 * table that goes with a chart) that starts with the label followed by these cells; `absent`,
 * what must not be shown (the seed's misprinted totals, replaced by the computed ones). */
interface Expect {
  seed: string;
  text?: string[];
  rows?: string[][];
  absent?: string[];
  /** A part of the slide the text must be in, when the slide repeats a kind of figure. */
  within?: Record<string, string[]>;
}

/** Every figure of ../shared/seeds/000_a8d0320fb1ec1f66.txt, section by section, as the deck shows it in Italian. */
const SEED: Record<string, Expect> = {
  copertina: { seed: 'ASSEMBLEA DEI SOCI E DEI DELEGATI, 16 MAGGIO 2026', text: ['Assemblea dei soci e dei delegati', '16 maggio 2026', '2025'] },
  // The year in brief (not in the seed): the biggest moves against 2024, each with its 2024 figure.
  'in-breve': {
    seed: "(the changes of the seed's two-year figures)",
    text: [
      'Il 2025 in breve',
      'Volontari',
      '1.217',
      '+295 (+32,0%)',
      'nel 2024: 922',
      'Km percorsi',
      '1.001.248',
      'Casalasco',
      '52.844',
      '−11.532 (−17,9%)',
      'nel 2024: 64.376',
      'Prestazioni',
      'stabile, −283 (−0,4%)',
    ],
  },
  rete: {
    seed: 'AUSER UNA GRANDE RETE DIFFUSA',
    // The 52 in the title, the 2 provincial associations in the chart, APS and ODV as one split bar.
    text: ['52 associazioni', 'Provinciali', '2', '23', 'APS', '29', 'ODV', 'Cremasco', '28', 'Cremonese', '19', 'Casalasco', '3'],
    rows: [
      ['Cremasco', '28'],
      ['Cremonese', '19'],
      ['Casalasco', '3'],
      ['Provinciali', '2'],
      ['Totale', '52'],
    ],
  },
  convenzioni: {
    seed: 'LE CONVENZIONI NEL 2025',
    // The counterparts with one or two conventions in one bar, each named with its count above the chart.
    text: [
      '62 convenzioni stipulate nel 2025',
      'Enti locali',
      '50',
      'Case di riposo',
      '6',
      'Altre controparti',
      'ASST di Cremona 1',
      'ASST di Crema 2',
      'Tribunale 1',
      'ATS Val Padana 1',
      'Istituto scolastico (Stagno Lombardo) 1',
    ],
    rows: [
      ['Enti locali', '50'],
      ['Case di riposo', '6'],
      ['Altre controparti', '6'],
      ['Totale', '62'],
    ],
  },
  'convenzioni-ambiti': {
    seed: 'LE CONVENZIONI NEL 2025: CREMASCO, CREMONESE, CASALASCO',
    // The seed printed 50% without saying of what; 44 of the 113 municipalities is 39%: in the map's title.
    text: ['Confini comunali', '44 comuni su 113', '39%'],
    // The key beside the map: each district with its counts; the lists of municipalities are in the report.
    within: {
      '.map-key-entry:nth-child(1)': ['Cremasco', '26 convenzioni, 24 comuni'],
      '.map-key-entry:nth-child(2)': ['Cremonese', '32 convenzioni, 17 comuni'],
      '.map-key-entry:nth-child(3)': ['Casalasco', '4 convenzioni, 3 comuni'],
      '.map-key-entry:nth-child(4)': ['Senza convenzione', '69 comuni'],
    },
    absent: ['Tresore', 'Cicoglio', 'Gabbioneta Binanuova', 'Gadesco Pieve Delmona', '50%', '50 %'],
  },
  // The seed's SOCI AUSER part, with the volunteers' hours (the seed's VITA DELL'ASSOCIAZIONE): its divider says both.
  'sezione-soci': { seed: 'SOCI AUSER', text: ['Soci e volontari'] },
  // SOCI AUSER 2024 and 2025 (two slides in the seed) are the two years of the comparison.
  'soci-crescita': {
    seed: 'SOCI AUSER 2024, SOCI AUSER 2025, SOCI 2025: + 108 ISCRITTI',
    text: ['7.478 soci nel 2025', '7.370 nel 2024', '+108', '3.458', '3.503', '3.193', '3.279', '719', '696', '+45 (+1,3%)', '+86 (+2,7%)', '−23 (−3,2%)'],
    rows: [
      ['Cremasco', '3.458', '3.503', '+45'],
      ['Cremonese', '3.193', '3.279', '+86'],
      ['Casalasco', '719', '696', '−23'],
      ['Totale', '7.370', '7.478', '+108'],
    ],
  },
  'soci-storico': {
    seed: 'STORICO TESSERAMENTO DAL 2020 AL 2025',
    text: ['2020', '2021', '2022', '2023', '2024', '2025'],
    rows: [
      ['Cremasco', '3.308', '3.014', '3.175', '3.288', '3.458', '3.503'],
      ['Cremonese', '3.019', '2.870', '2.999', '3.188', '3.193', '3.279'],
      ['Casalasco', '607', '561', '624', '677', '719', '696'],
      ['Totale', '6.934', '6.445', '6.798', '7.153', '7.370', '7.478'],
    ],
  },
  // The year's strongest move, large: this year's volunteers, last year's and the difference beside it.
  volontari: { seed: 'VOLONTARI 2024 / 2025', text: ['1.217', 'volontari nel 2025', '922', '+295', '+32,0%'] },
  // The seed's totals 163.447 and 168.506 are not the sums of its rows: the deck shows the sums.
  'ore-volontariato': {
    seed: 'ORE DI VOLONTARIATO',
    rows: [
      ['Cremasco', '98.098', '88.881', '99.694'],
      ['Cremonese', '60.609', '71.835', '71.220'],
      ['Casalasco', '4.778', '7.860', '8.053'],
      ['Totale', '163.485', '168.576', '178.967'],
    ],
    // Casalasco's thin segments written outside; Cremonese's fall said in the title.
    text: ['163.485', '168.576', '178.967', '4.778', '8.053', 'Cremonese −615 (−0,9%)'],
    absent: ['163.447', '168.506'],
  },
  automezzi: {
    seed: "AUTOMEZZI: PROPRIETÀ, COMODATO D'USO, ATTREZZATE",
    // The equipped ones are some of the fleet: said of the whole, not a third panel.
    text: ['55', '43', '98', 'di cui attrezzati: 32', 'Cremonese 12', 'Cremasco 18', 'Casalasco 2'],
    absent: ['attrezzate'],
    rows: [
      ['Cremasco', '19', '31'],
      ['Cremonese', '32', '11'],
      ['Casalasco', '4', '1'],
      ['Totale', '55', '43'],
    ],
  },
  'servizi-offerti': {
    seed: 'I SERVIZI OFFERTI',
    text: [
      'Aiuto alla persona',
      'mobilità sociale',
      'consegna spesa, farmaci e pasti',
      'compagnia telefonica e di persona',
      'segretariato sociale',
      'Sostegno alle famiglie immigrate',
      'Volontariato civico',
      'cura del verde',
      'piazzuole ecologiche',
      'orti sociali',
      'sorveglianza scuolabus e servizi scolastici',
      'musei e biblioteche',
      "Officina dell'aiuto",
      'Apprendimento permanente',
      'Turismo sociale',
    ],
  },
  'sezione-aiuto': { seed: 'AIUTO ALLA PERSONA', text: ['Servizi di aiuto alla persona'] },
  // "13.116 precisamente il 39%": 13.116 of 40.725 is 32%.
  'mobilita-totali': {
    seed: 'TOTALI A CONFRONTO',
    // ACCESSO AGLI OSPEDALI PUBBLICI: 10.573, inside the 20.907 hospital accesses with the other 10.334.
    text: ['40.725', '20.907', '51%', '10.573', '10.334', '23%', '3%', '13.116', '32%'],
    absent: ['39%'],
  },
  // The seed's 2025 total, 1.001.148, is not the sum of its rows: the deck shows 1.001.248.
  km: {
    seed: 'KM PERCORSI',
    rows: [
      ['Cremasco', '446.127', '472.388', '+26.261'],
      ['Cremonese', '361.612', '476.016', '+114.404'],
      ['Casalasco', '64.376', '52.844', '\u221211.532'],
      ['Totale', '872.115', '1.001.248', '+129.133'],
    ],
    text: ['1.001.248', '872.115'],
    absent: ['1.001.148'],
  },
  officine: {
    seed: "OFFICINE DELL' AIUTO",
    within: {
      '.card:nth-child(1)': ['Crema', '10', 'volontari', '40.100', 'km percorsi', '8.000', 'ore di volontariato'],
      '.card:nth-child(2)': ["Ca' d'Andrea", "Torre de' Picenardi", '4', '47', 'ausili forniti', '832'],
      '.card:nth-child(3)': ["Rivolta d'Adda", '3', '230', 'ausili forniti', '796'],
    },
  },
  // TOTALE PRESTAZIONI, TOTALE ASSISTITI and NEL 2025 PER OGNI ASSISTITO 9 INTERVENTI, one story on one slide:
  // 79.331 / 8.754 = 9,06, the seed's 9, with 2024's 9,5 (79.614 / 8.416 = 9,46).
  'prestazioni-assistiti': {
    seed: 'TOTALE PRESTAZIONI E ASSISTITI',
    text: ['72.942', '79.614', '79.331', '+6.672', '\u2212283', '6.546', '8.416', '8.754', '+1.870', '+338', '9,1', 'prestazioni per assistito nel 2025', '9,5 nel 2024'],
  },
  'sezione-civico': { seed: 'VOLONTARIATO CIVICO E ATTIVITÀ CULTURALI', text: ['Volontariato civico e attività culturali'] },
  'volontariato-civico': {
    seed: 'LE NOSTRE ATTIVITÀ DI VOLONTARIATO CIVICO',
    rows: [
      ['Cremasco', '17.926', '235'],
      ['Cremonese', '11.967', '117'],
      ['Casalasco', '1.600', '28'],
      ['Totale', '31.493', '380'],
    ],
  },
  'attivita-civiche': {
    seed: 'attività di volontariato civico (photos in the original)',
    text: [
      'Attività negli orti sociali',
      'Cura di aree verdi, giardini, cimiteri e parchi pubblici',
      'musei, biblioteche, mostre, edifici pubblici',
      'Sorveglianza su scuolabus',
      'Altri servizi scolastici (sorveglianza, pre-scuola, mense, piedibus)',
      'riuso o riciclo di materiali di scarto',
    ],
  },
  'centri-sociali': {
    seed: 'APERTURA CENTRI SOCIALI: TOTALE 16',
    text: ['16', 'Cremasco 8', 'Cremonese 6', 'Casalasco 2', '11.143', '59', '25.328', '14.049', '122', '27.353', '1.330', '35', '3.300'],
    rows: [
      ['Cremasco', '14.049', '122', '27.353'],
      ['Cremonese', '11.143', '59', '25.328'],
      ['Casalasco', '1.330', '35', '3.300'],
    ],
  },
  'turismo-sociale': { seed: 'TURISMO SOCIALE', text: ['Casalmaggiore', "Rivolta d'Adda", 'Genivolta', 'Vaiano Cremasco', '297', '11', '465', 'iniziative', 'partecipanti', 'volontari'] },
  apprendimento: {
    seed: 'APPRENDIMENTO PERMANENTE: INIZIATIVE E CORSI',
    text: ['Bagnolo Cremasco', 'corso di yoga', 'Ricengo', 'incontro con apicoltori', 'Romanengo', 'spettacolo teatrale', 'Sesto ed Uniti', 'collaborazione con la biblioteca', '2.634'],
  },
  // The Rete Auser Cultura, of which Unipop Cremona is a member, is said on the Unipop's slide.
  unipop: {
    seed: 'Unipop Cremona, anno accademico 2024/25; RETE AUSER CULTURA',
    text: [
      '2024/25',
      '611',
      'iscritti',
      '23',
      'docenti',
      '28',
      'corsi',
      'Cremona',
      'Bonemerse',
      '2',
      'Pizzighettone',
      '3',
      'Rete Auser Cultura',
      'Pandino',
      "Rivolta d'Adda",
      'Sergnano',
      'Vaiano Cremasco',
      'corsi, conferenze',
    ],
  },
  estate: { seed: "E-STATE INSIEME ALL' AUSER 2025: TOTALE ISCRITTI 267", text: ["E-state insieme all'Auser 2025", '267'] },
  'progetto-1': {
    seed: 'PROGETTO INVECCHIAMENTO ATTIVO',
    text: [
      'Invecchiamento attivo',
      'ATS Val Padana',
      'Regione Lombardia',
      'Giovani Dentro',
      'capofila',
      'Argento Vivo',
      'partner',
      'Animatori comunitari',
      'socializzazione',
      'autostima',
      'vita comunitaria',
    ],
  },
  'progetto-2': {
    seed: 'STRADE CONDIVISE',
    text: ['Strade condivise', 'Trasporto sociale e diritto alla cura', 'Fondazione Comunitaria della Provincia di Cremona', 'diritto alla mobilità', 'Crema e Cremona', 'frammentazione'],
  },
  chiusura: { seed: "RIPROGETTIAMO IL FUTURO; GRAZIE PER L'ATTENZIONE !", text: ['Riprogettiamo il futuro', 'Un nuovo modo di stare in rete', "Grazie per l'attenzione"] },
};

let browser: Browser;
let tmp: string;
let deckUrl: string;
let escapedUrl: string;
const opened: Page[] = [];

/** The 2025 deck of `data` (the real data/ or a copy), whichever year is the latest there. */
const configFor = (data: string, out: string): Config => {
  const c = configFrom(['build', '--year', '2025', '--only', 'html', '--data', data, '--out', out, '--quiet'], {}, ROOT, false);
  if (c === 'help') throw new Error('unexpected help');
  return c;
};

/** A copy of data/ whose free texts carry markup, to show that the deck prints it as text. */
const INJECTED = '<script>window.__iniettato = 1</script><b>grassetto</b> & <img src=x onerror="window.__iniettato = 2">';

function escapingFixture(dir: string): string {
  const data = path.join(dir, 'data-markup');
  cpSync(DATA, data, { recursive: true });
  const file = path.join(data, '2025.yaml');
  const quoted = JSON.stringify(INJECTED);
  const text = readFileSync(file, 'utf8')
    .replace('titolo: Assemblea dei soci e dei delegati', `titolo: ${JSON.stringify(`Assemblea ${INJECTED}`)}`)
    .replace("titolo: E-state insieme all'Auser 2025", `titolo: ${quoted}`)
    .replace('descrizione: corso di yoga', `descrizione: ${quoted}`)
    .replace("saluto: Grazie per l'attenzione!", `saluto: ${quoted}`);
  expect(text.split(INJECTED.slice(0, 20)).length - 1).toBe(4); // all four replacements took
  writeFileSync(file, text);
  return data;
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'deck-'));
  const [real, markup] = await Promise.all([build(configFor(DATA, path.join(tmp, 'out'))), build(configFor(escapingFixture(tmp), path.join(tmp, 'out-markup')))]);
  expect(real.files).toContain('deck.html');
  expect(markup.files).toContain('deck.html');
  deckUrl = pathToFileURL(path.join(real.outputDir, 'deck.html')).href;
  escapedUrl = pathToFileURL(path.join(markup.outputDir, 'deck.html')).href;
  browser = await launchBrowser();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((p) => p.close().catch(() => {})));
});

afterAll(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function open(url: string, hash = '', viewport = { width: 1280, height: 720 }): Promise<Opened> {
  const o = await openPage(browser, url + hash, viewport);
  opened.push(o.page);
  return o;
}

const current = (page: Page) => page.evaluate(() => document.querySelector('.deck > .slide.is-current')?.id as string | undefined);
const hash = (page: Page) => page.evaluate(() => location.hash as string);

/** Runs `find` in the page on every slide of the deck, in turn; what it finds, each line named by its slide. */
async function onEverySlide(find: (id: string) => string[]): Promise<string[]> {
  const { page } = await open(deckUrl);
  const found: string[] = [];
  for (const id of SLIDES) {
    await goTo(page, id);
    found.push(...(await page.evaluate(find, id)).map((f: string) => `${id}: ${f}`));
  }
  return found;
}

async function goTo(page: Page, id: string) {
  await page.evaluate((h: string) => (location.hash = h), `#${id}`);
  await page.waitForFunction((want: string) => document.querySelector('.deck > .slide.is-current')?.id === want, { timeout: 5000 }, id);
}

/** What a person sees on a slide: its text (HTML and chart labels), leaving out what is only for
 * assistive technology (visually hidden tables and captions) and the speaker notes. */
function visibleText(page: Page, id: string, within = '') {
  return page.evaluate(
    (slideId: string, scope: string) => {
      const slide = document.getElementById(slideId);
      const roots = scope ? [...slide.querySelectorAll(scope)] : [slide];
      const parts: string[] = [];
      for (const root of roots) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement;
          if (el.closest('.visually-hidden, .notes, [hidden], title, style, script')) continue;
          if (/^rgba\(.*, 0\)$|^transparent$/.test(getComputedStyle(el).color)) continue; // painted without colour
          parts.push(n.textContent);
        }
      }
      // Compared in plain typing: the deck typesets (’, no-break spaces), the seed's figures are typed plainly.
      return parts
        .join(' ')
        .replace(/\u2019/g, "'")
        .replace(/\s+/g, ' ')
        .trim();
    },
    id,
    within,
  );
}

/** Each table of a slide (shown, or the data table of a chart) as rows of cell texts. */
function tables(page: Page, id: string) {
  return page.evaluate(
    (slideId: string) =>
      [...document.getElementById(slideId).querySelectorAll('table')].map((t: any) =>
        [...t.querySelectorAll('tr')].map((tr: any) =>
          [...tr.children].map((c: any) =>
            c.textContent
              .replace(/\u2019/g, "'")
              .replace(/\s+/g, ' ')
              .trim(),
          ),
        ),
      ),
    id,
  ) as Promise<string[][][]>;
}

/** "19" is found in "Cremonese 19 (38%)" but not in "1.193" nor in "219". */
function shows(text: string, wanted: string): boolean {
  const escaped = wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const numeric = /^[+\u2212]?[\d.,]+%?$/.test(wanted);
  return numeric ? new RegExp(`(?<![\\d.,+\\u2212])${escaped}(?![\\d]|[.,]\\d)`).test(text) : text.includes(wanted);
}

describe('deck.html built from data/', () => {
  it('opens from file:// with no network request and no script error, through every slide', async () => {
    const { page, requests, errors } = await open(deckUrl);
    await page.keyboard.press('End');
    for (let i = 0; i < SLIDES.length; i++) await page.keyboard.press('ArrowLeft');
    for (const id of SLIDES) await goTo(page, id);
    const external = requests.filter((u) => !u.startsWith('data:') && u.split('#')[0] !== deckUrl);
    expect(external).toEqual([]);
    expect(requests.filter((u) => u.split('#')[0] === deckUrl)).toHaveLength(1); // the page, once
    const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((e: any) => e.name as string));
    expect(resources.filter((u: string) => !u.startsWith('data:'))).toEqual([]);
    expect(errors).toEqual([]);
    // everything it needs is inside the file: fonts embedded, no link to a stylesheet, script or image
    const html = readFileSync(new URL(deckUrl), 'utf8');
    expect(html).toMatch(/@font-face\{font-family:'Titillium Web'[^}]*url\(data:font\/woff2;base64,/);
    expect(html).not.toMatch(/<(link|script|img|iframe)\b[^>]*\b(href|src)="(?!data:|#)/i);
  });

  it('has the slides of the seed in its order, and leaves out those whose figures the seed lost', async () => {
    const { page } = await open(deckUrl);
    const ids = await page.evaluate(() => [...document.querySelectorAll('.deck > .slide')].map((s: any) => s.id));
    expect(ids).toEqual(SLIDES);
    for (const id of LEFT_OUT) expect(ids).not.toContain(id);
    expect(Object.keys(SEED).sort()).toEqual([...SLIDES].sort()); // the table below covers every slide
  });

  it('walks every slide forward with ArrowRight, Space and PageDown, and back with ArrowLeft and PageUp; the hash follows', async () => {
    const { page } = await open(deckUrl);
    expect(await current(page)).toBe(SLIDES[0]);
    expect(await hash(page)).toBe(`#${SLIDES[0]}`);
    const forward = ['ArrowRight', 'Space', 'PageDown'] as const;
    for (let i = 1; i < SLIDES.length; i++) {
      const key = forward[i % forward.length];
      await page.keyboard.press(key);
      expect(await current(page), `${key} to slide ${i + 1}`).toBe(SLIDES[i]);
      expect(await hash(page)).toBe(`#${SLIDES[i]}`);
      expect(await page.$eval('.deck-counter-text', (e: any) => e.textContent)).toBe(`${i + 1} / ${SLIDES.length}`);
    }
    await page.keyboard.press('ArrowRight'); // the last slide stays
    expect(await current(page)).toBe(SLIDES.at(-1));
    const back = ['ArrowLeft', 'PageUp'] as const;
    for (let i = SLIDES.length - 2; i >= 0; i--) {
      await page.keyboard.press(back[i % back.length]);
      expect(await current(page)).toBe(SLIDES[i]);
      expect(await hash(page)).toBe(`#${SLIDES[i]}`);
    }
  });

  it('jumps with End and Home, and to any slide by its number then Enter', async () => {
    const { page } = await open(deckUrl, '#km');
    await page.keyboard.press('End');
    expect(await current(page)).toBe('chiusura');
    expect(await hash(page)).toBe('#chiusura');
    await page.keyboard.press('Home');
    expect(await current(page)).toBe('copertina');
    expect(await hash(page)).toBe('#copertina');
    for (const [i, id] of SLIDES.entries()) {
      for (const digit of String(i + 1)) await page.keyboard.press(digit as '1');
      await page.keyboard.press('Enter');
      expect(await current(page), `${i + 1} then Enter`).toBe(id);
      expect(await hash(page)).toBe(`#${id}`);
    }
    await page.reload(); // the hash keeps the place
    expect(await current(page)).toBe('chiusura');
  });

  describe('shows each figure of the seed on its slide', () => {
    let page: Page;
    beforeAll(async () => {
      page = (await open(deckUrl)).page;
      opened.splice(opened.indexOf(page), 1); // kept open for the whole table
    });
    afterAll(async () => {
      await page?.close();
    });

    for (const [id, want] of Object.entries(SEED)) {
      it(`${id}: ${want.seed}`, async () => {
        await goTo(page, id);
        const text = await visibleText(page, id);
        for (const t of want.text ?? []) expect(shows(text, t), `«${t}» on ${id}: ${text}`).toBe(true);
        for (const t of want.absent ?? []) expect(shows(text, t), `«${t}» must not be on ${id}`).toBe(false);
        for (const [scope, items] of Object.entries(want.within ?? {})) {
          const part = await visibleText(page, id, scope);
          for (const t of items) expect(shows(part, t), `«${t}» in ${scope} of ${id}: ${part}`).toBe(true);
        }
        if (want.rows) {
          const rows = (await tables(page, id)).flat();
          const found = (row: string[]) => rows.find((r) => row.every((cell, i) => r[i] === cell));
          for (const row of want.rows) expect(found(row), `row ${row.join(' | ')} on ${id}: ${JSON.stringify(rows)}`).toBeDefined();
        }
      });
    }
  });

  it('colours on the map the municipalities with a convention by district (colours of data/rete.yaml), the other ones grey', async () => {
    const { page } = await open(deckUrl, '#convenzioni-ambiti');
    const fills = await page.evaluate(() => [...document.querySelectorAll('#convenzioni-ambiti svg [aria-roledescription="geoshape"]')].map((p: any) => p.getAttribute('fill') as string));
    const count = (c: string) => fills.filter((f) => f === c).length;
    expect(fills).toHaveLength(113);
    const [cremasco, cremonese, casalasco] = [...readFileSync(path.join(DATA, 'rete.yaml'), 'utf8').matchAll(/colore: "(#[0-9a-f]{6})"/gi)].map((m) => m[1].toLowerCase());
    expect({ Cremasco: count(cremasco), Cremonese: count(cremonese), Casalasco: count(casalasco) }).toEqual({ Cremasco: 24, Cremonese: 17, Casalasco: 3 });
    expect(count(NO_CONVENTION)).toBe(113 - 44);
  });

  it('keeps the lists of municipalities off the slide (they are in the report), so the map is large', async () => {
    const { page } = await open(deckUrl, '#convenzioni-ambiti');
    const m = await page.evaluate(() => {
      const slide = document.getElementById('convenzioni-ambiti')!;
      const map = slide.querySelector('svg.marks')!.getBoundingClientRect();
      return { lists: slide.querySelectorAll('.district-list').length, area: map.width * map.height };
    });
    expect(m.lists).toBe(0);
    expect(m.area).toBeGreaterThan(150_000);
  });

  it('gives every chart a text alternative written from its data, and its data table', async () => {
    const { page } = await open(deckUrl);
    const charts = await page.evaluate(() =>
      [...document.querySelectorAll('.deck > .slide svg.marks')].map((svg: any) => ({
        slide: svg.closest('.slide').id as string,
        role: svg.getAttribute('role') as string,
        label: (svg.getAttribute('aria-label') ?? '') as string,
        // in its figure, or shown beside it (table slides)
        table: !!(svg.closest('figure')?.querySelector('table') ?? svg.closest('.slide').querySelector('.slide-table table')),
      })),
    );
    expect(charts.map((c) => c.slide)).toEqual([
      'rete',
      'convenzioni',
      'convenzioni-ambiti',
      'soci-crescita',
      'soci-storico',
      'ore-volontariato',
      'automezzi',
      'mobilita-totali',
      'km',
      'prestazioni-assistiti',
      'volontariato-civico',
      'centri-sociali',
    ]);
    for (const c of charts) {
      expect(c.role, c.slide).toBe('img');
      expect(c.label, c.slide).toMatch(/\d/); // written from the figures, not a bare title
      expect(c.label.length, c.slide).toBeGreaterThan(30);
      expect(c.table, `data table on ${c.slide}`).toBe(true);
    }
    const label = (slide: string) => charts.find((c) => c.slide === slide)!.label;
    expect(label('soci-storico')).toBe(
      'Soci per ambito 2020–2025: in totale da 6.934 (2020) a 7.478 (2025), +544 (+7,8%). Totali per anno: 2020 6.934, 2021 6.445, 2022 6.798, 2023 7.153, 2024 7.370, 2025 7.478.',
    );
    expect(label('km')).toContain('1.001.248');
    expect(label('convenzioni-ambiti')).toContain('44 comuni su 113');
  });

  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ]) {
    it(`keeps every slide inside its 16:9 box at ${viewport.width}x${viewport.height}: nothing past the edges or over the footer, no label cut short`, async () => {
      const { page } = await open(deckUrl, '', viewport);
      const problems: string[] = [];
      for (const id of SLIDES) {
        await goTo(page, id);
        const found = await page.evaluate((slideId: string) => {
          const out: string[] = [];
          const slide = document.getElementById(slideId);
          const inner = slide.querySelector('.slide-inner');
          const box = inner.getBoundingClientRect();
          const scale = box.width / 1280;
          const footer = inner.querySelector('.slide-footer')?.getBoundingClientRect();
          const bottom = footer ? footer.top : box.bottom;
          const name = (el: any) =>
            `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''} «${(el.textContent ?? '').trim().slice(0, 40)}»`;
          if (Math.abs(box.width / box.height - 16 / 9) > 0.01) out.push(`slide is ${box.width}x${box.height}`);
          if (box.left < -0.5 || box.top < -0.5 || box.right > window.innerWidth + 0.5 || box.bottom > window.innerHeight + 0.5) out.push('slide is not inside the window');
          for (const el of inner.querySelectorAll('*')) {
            if (el.closest('.slide-footer, .visually-hidden, .notes, svg *')) continue;
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) continue;
            const tol = 1;
            if (r.left < box.left - tol || r.right > box.right + tol || r.top < box.top - tol) out.push(`${name(el)} is past the slide's edge`);
            else if (r.bottom > bottom + tol) out.push(`${name(el)} runs ${Math.round((r.bottom - bottom) / scale)}px into the footer`);
          }
          // An element that clips its content hides what it cut off.
          for (const el of inner.querySelectorAll('*')) {
            if (el.closest('.visually-hidden, svg')) continue;
            const cs = getComputedStyle(el);
            if (cs.overflow === 'visible') continue;
            if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) out.push(`${name(el)} cuts off its content`);
          }
          // Vega shortens a label that does not fit with an ellipsis.
          for (const t of slide.querySelectorAll('svg text')) if (/…$/.test(t.textContent)) out.push(`chart label cut short: «${t.textContent}»`);
          return out;
        }, id);
        problems.push(...found.map((p: string) => `${id}: ${p}`));
      }
      expect(problems).toEqual([]);
    });
  }

  it('sets every text for the hall (at 1280x720, charts at their drawn size): titles 40px or more, what the room reads 24px or more, only the footer and source credits smaller and never under 14px', async () => {
    expect(await onEverySlide(textSizesBelowMinimum)).toEqual([]);
  });

  it('keeps every text box of the cover inside the 64 px safe area at 1280x720 (its date ran to x=1258)', async () => {
    const { page } = await open(deckUrl, '#copertina');
    await goTo(page, 'copertina');
    expect(await page.evaluate(textOutsideSafeArea, 'copertina')).toEqual([]);
  });

  it('keeps every two labels of a slide apart: no two text boxes intersect, and on one line a gap of at least a quarter em', async () => {
    expect(await onEverySlide(labelCollisions)).toEqual([]);
  });

  it('draws a legend only with the colours of the marks it explains', async () => {
    const { page } = await open(deckUrl);
    const found = await page.evaluate(() => {
      const out: { slide: string; swatches: string[]; marks: string[] }[] = [];
      // The colour a person sees: the fill blended with the white slide by its opacity.
      const seen = (el: any) => {
        const cs = getComputedStyle(el);
        const m = /rgba?\((\d+), (\d+), (\d+)/.exec(cs.fill);
        if (!m) return 'none';
        const a = Number(cs.opacity) * Number(cs.fillOpacity);
        return [1, 2, 3].map((i) => Math.round(Number(m[i]) * a + 255 * (1 - a))).join(',');
      };
      for (const svg of document.querySelectorAll('.deck > .slide svg.marks')) {
        const swatches = [...svg.querySelectorAll('.role-legend-symbol path')].map(seen);
        if (!swatches.length) continue;
        const marks = [...svg.querySelectorAll('.role-mark path, .role-mark rect')].filter((e: any) => !e.closest('.role-legend')).map(seen);
        out.push({ slide: svg.closest('.slide').id, swatches, marks: [...new Set(marks)] });
      }
      return out;
    });
    // Every chart labels its marks; the map's key is the slide's, in the map's own colours.
    expect(found.map((f) => f.slide)).toEqual([]);
    for (const f of found) for (const sw of f.swatches) expect(f.marks, `legend swatch ${sw} on ${f.slide}`).toContain(sw);
  });

  it('shows each figure once: no table beside its own chart, no visible caption or kicker repeating the title', async () => {
    const { page } = await open(deckUrl);
    const found = await page.evaluate(() =>
      [...document.querySelectorAll('.deck > .slide')].map((slide: any) => {
        const visible = (el: any) => el && !el.closest('.visually-hidden') && el.getBoundingClientRect().width > 1 && getComputedStyle(el).clip === 'auto';
        return {
          id: slide.id,
          tableWithChart: !!slide.querySelector('svg.marks') && [...slide.querySelectorAll('table')].some(visible),
          title: slide.querySelector('.slide-title')?.textContent ?? '',
          kicker: slide.querySelector('.slide-section')?.textContent ?? '',
          captions: [...slide.querySelectorAll('figcaption')].filter(visible).map((c: any) => c.textContent),
        };
      }),
    );
    const plain = (t: string) =>
      t
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    for (const s of found) {
      expect(s.tableWithChart, `table beside the chart on ${s.id}`).toBe(false);
      if (s.kicker) expect(plain(s.title).startsWith(plain(s.kicker)), `kicker «${s.kicker}» repeats «${s.title}»`).toBe(false);
      for (const c of s.captions) expect(plain(c).includes(plain(s.title)) || plain(s.title).includes(plain(c)), `caption «${c}» on ${s.id}`).toBe(false);
    }
    // the kickers the seed review found repeated are gone, and the others are still there
    const kicker = (id: string) => found.find((s) => s.id === id)!.kicker;
    // (there the kicker was the section, the title's first words: now a word of its own, not in the title).
    for (const id of ['servizi-offerti', 'officine']) {
      const s = found.find((x) => x.id === id)!;
      expect(s.kicker, id).not.toBe('');
      expect(plain(s.title).includes(plain(s.kicker)), `kicker «${s.kicker}» in «${s.title}»`).toBe(false);
    }
    // A title that states a finding ("98 automezzi al servizio della rete") does not say its part: the kicker
    // does, the part's name, as its divider (test/e2e/deck-design.test.ts: one structure).
    expect(kicker('automezzi')).toBe('Aiuto alla persona');
    expect(kicker('km')).toBe('Aiuto alla persona');
  });

  it('writes differences in neutral ink, never in a district colour', async () => {
    const { page } = await open(deckUrl);
    const coloured = await page.evaluate(
      (districts: string[]) => {
        const hex = (rgb: string) =>
          `#${(rgb.match(/\d+/g) ?? [])
            .slice(0, 3)
            .map((n) => Number(n).toString(16).padStart(2, '0'))
            .join('')}`;
        const out: string[] = [];
        const walker = document.createTreeWalker(document.querySelector('.deck'), NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (!/^[+\u2212]\s?\d/.test(n.textContent.trim())) continue;
          const el = n.parentElement;
          const cs = getComputedStyle(el);
          const colour = hex(el.closest('svg') ? cs.fill : cs.color);
          if (districts.includes(colour)) out.push(`${el.closest('.slide').id}: «${n.textContent.trim()}» in ${colour}`);
        }
        return out;
      },
      [...readFileSync(path.join(DATA, 'rete.yaml'), 'utf8').matchAll(/colore: "(#[0-9a-f]{6})"/gi)].map((m) => m[1].toLowerCase()),
    );
    expect(coloured).toEqual([]);
  });

  it('tells the president, in the notes, what the original document printed where the slide shows another figure', async () => {
    const { page } = await open(deckUrl);
    const notes = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.deck > .slide')].map((s: any) => [s.id, s.querySelector('.notes')?.textContent ?? ''])));
    expect(notes['convenzioni-ambiti']).toBe('Nel documento era stampato 50% (Comuni con convenzione 2025): dai dati risulta 39%, 44 comuni su 113.');
    expect(notes['mobilita-totali']).toContain('era stampato 39% (Interventi per persone diversamente abili 2025): dai dati risulta 32%');
    expect(notes['mobilita-totali']).toContain('era stampato 26% (Quota degli accessi ospedalieri negli ospedali pubblici 2025): dai dati risulta 51%');
    expect(notes.km).toContain('era stampato 1.001.148 (Km percorsi 2025): dai dati risulta 1.001.248');
    expect(notes['ore-volontariato']).toContain('era stampato 163.447 (Ore di volontariato 2023)');
    expect(notes['ore-volontariato']).toContain('era stampato 168.506 (Ore di volontariato 2024)');
    // a slide whose figures agree with the printed ones has no such note
    expect(notes['soci-crescita']).toBe('');
  });

  it('typesets Italian text: ’ for apostrophes, « » for quotes, a non-breaking space between a number and its noun; titles balanced', async () => {
    const { page } = await open(deckUrl);
    const t = await page.evaluate(() => ({
      officine: document.getElementById('officine').querySelector('.slide-title').textContent,
      comuni: document.getElementById('convenzioni-ambiti').querySelector('.slide-title').textContent,
      // biome-ignore lint/performance/useDomNodeTextContent: innerText is the text as laid out and seen, which the test is about
      straight: [...document.querySelectorAll('.deck > .slide')].filter((s: any) => /\p{L}'\p{L}/u.test(s.querySelector('.slide-inner').innerText)).map((s: any) => s.id),
      wrap: getComputedStyle(document.querySelector('.slide-title')).textWrap,
    }));
    expect(t.officine).toBe('Officine dell’aiuto: 3\u00a0officine, 17\u00a0volontari');
    // «113» is not bound to «con»: a line may break there, as after any number not followed by its noun.
    expect(t.comuni).toBe('44\u00a0comuni su 113 con una convenzione (39%)');
    expect(t.straight).toEqual([]);
    expect(t.wrap).toContain('balance');
  });
});

/** In the browser: texts of a slide under their minimum size (see the test above), as "«text» 17.6px (min 24)". */
function textSizesBelowMinimum(slideId: string): string[] {
  const out: string[] = [];
  const slide = document.getElementById(slideId);
  const scale = slide.querySelector('.slide-inner').getBoundingClientRect().width / 1280;
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || el.closest('.visually-hidden, .chart-caption, .notes, [hidden], title')) continue;
    if (/^rgba\(.*, 0\)$|^transparent$/.test(getComputedStyle(el).color)) continue; // painted without colour
    const size = parseFloat(getComputedStyle(el).fontSize);
    // SVG text: its font size times the scale the chart is drawn at on the page.
    const text = el.closest('text');
    const px = text ? (size * text.getScreenCTM().a) / scale : size;
    const min = el.closest('.slide-footer, .attribution') ? 14 : el.closest('.slide-title, .divider-title, .cover-title, .closing-title') ? 40 : 24;
    if (px < min - 0.05) out.push(`«${n.textContent.trim().slice(0, 30)}» ${px.toFixed(1)}px (min ${min})`);
  }
  return out;
}

/** In the browser: lines of text of a slide that reach into the 64 px margin of the 1280x720 canvas,
 * as "«text» right 1258px (max 1216)". The footer lives in the bottom margin and is left out. */
function textOutsideSafeArea(slideId: string): string[] {
  const out: string[] = [];
  const slide = document.getElementById(slideId);
  const box = slide.querySelector('.slide-inner').getBoundingClientRect();
  const scale = box.width / 1280;
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || el.closest('.slide-footer, .visually-hidden, .chart-caption, .notes, [hidden], title')) continue;
    if (/^rgba\(.*, 0\)$|^transparent$/.test(getComputedStyle(el).color)) continue; // painted without colour (.section-mark)
    const text = el.closest('text');
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of text ? [text.getBoundingClientRect()] : [...range.getClientRects()]) {
      if (r.width < 1) continue;
      const [l, right, t, b] = [(r.left - box.left) / scale, (r.right - box.left) / scale, (r.top - box.top) / scale, (r.bottom - box.top) / scale];
      const name = `«${n.textContent.trim().slice(0, 30)}»`;
      if (l < 64 - 1) out.push(`${name} left ${Math.round(l)}px (min 64)`);
      if (right > 1216 + 1) out.push(`${name} right ${Math.round(right)}px (max 1216)`);
      if (t < 64 - 1) out.push(`${name} top ${Math.round(t)}px (min 64)`);
      if (b > 656 + 1) out.push(`${name} bottom ${Math.round(b)}px (max 656)`);
    }
  }
  return out;
}

/** In the browser: pairs of text boxes of a slide that intersect, or sit on one line less than a quarter
 * em apart. A box is a line of a text node (or an SVG text), cut to its font size in height (the
 * ascender-to-descender box a browser reports is taller than the letters). Text flowing in one block
 * (a word in bold inside a sentence) is one label. */
function labelCollisions(slideId: string): string[] {
  const slide = document.getElementById(slideId);
  const boxes: { key: any; text: string; size: number; l: number; r: number; t: number; b: number }[] = [];
  const blockOf = (el: any) => {
    const svgText = el.closest('text');
    if (svgText) return svgText;
    let b = el;
    while (b && getComputedStyle(b).display === 'inline') b = b.parentElement;
    return b;
  };
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || el.closest('.visually-hidden, .chart-caption, .notes, [hidden], title')) continue;
    if (/^rgba\(.*, 0\)$|^transparent$/.test(getComputedStyle(el).color)) continue;
    const text = el.closest('text');
    const size = parseFloat(getComputedStyle(el).fontSize) * (text ? text.getScreenCTM().a : 1);
    const range = document.createRange();
    range.selectNodeContents(n);
    const rects = text ? [text.getBoundingClientRect()] : [...range.getClientRects()];
    for (const r of rects) {
      if (r.width < 1) continue;
      const mid = (r.top + r.bottom) / 2;
      boxes.push({ key: blockOf(el), text: n.textContent.trim().slice(0, 24), size, l: r.left, r: r.right, t: mid - size * 0.45, b: mid + size * 0.45 });
    }
  }
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (a.key === b.key) continue;
      if (Math.min(a.b, b.b) - Math.max(a.t, b.t) <= 0) continue; // not on one line
      const gap = Math.max(a.l, b.l) - Math.min(a.r, b.r);
      const need = 0.25 * Math.max(a.size, b.size);
      if (gap < need) out.push(`«${a.text}» and «${b.text}» ${gap < 0 ? 'overlap' : `are ${gap.toFixed(1)}px apart`} (need ${need.toFixed(1)}px)`);
    }
  }
  return out;
}

describe('deck.html built from data whose texts contain markup', () => {
  it('shows the markup as text: no script runs, no element is made from the data', async () => {
    const { page, errors } = await open(escapedUrl);
    for (const id of ['copertina', 'apprendimento', 'estate', 'chiusura']) {
      await goTo(page, id);
      expect(await visibleText(page, id), id).toContain(INJECTED);
    }
    expect(await page.evaluate(() => window.__iniettato)).toBeUndefined();
    expect(await page.evaluate(() => document.querySelectorAll('script').length)).toBe(1); // the deck's own runtime
    expect(await page.evaluate(() => document.querySelectorAll('.deck b, .deck img').length)).toBe(0);
    expect(await page.title()).toContain(`Assemblea ${INJECTED}`);
    // the footer of every slide carries the assembly's title, as text
    const footers = await page.$$eval('.slide-footer', (fs: any[]) => fs.map((f) => f.textContent));
    expect(footers).toHaveLength(SLIDES.length);
    for (const f of footers) expect(f).toContain(INJECTED);
    expect(errors).toEqual([]);
  });
});
