/** Vocabulary (districts, municipalities) -> zod schemas of `rete.yaml` and `<anno>.yaml`.
 * The single source of the TypeScript types, of runtime validation and of the JSON Schema
 * that editors use (see `jsonSchemas`). Descriptions are Italian: staff read them as hovers. */
import { z } from 'zod';
import { childOf, defOf, unwrap, walkPath } from './schema-walk.js';

/** The words a data file may use that come from elsewhere: declared districts, official municipalities. */
export interface Vocabulary {
  districts: readonly string[];
  municipalities: readonly string[];
  /** For messages: the territory's name ("provincia di ...") and how many municipalities it has. */
  territory?: { name: string; count: number };
  /** For messages: every declared district with its years, and the year the file is about. */
  declared?: readonly { name: string; from?: number; until?: number }[];
  year?: number;
}

const count = () => z.number().int().min(0);
const percent = () => z.number().min(0).max(100);
const text = () => z.string().trim().min(1);
const year = () => z.number().int().min(2000).max(2100);
const hexColour = () => z.string().regex(/^#[0-9a-fA-F]{6}$/);

/** Slide ids a data file can attach notes or photos to are checked later, against the deck outline. */
const slideId = () => z.string().regex(/^[a-z0-9-]+$/);

export function networkSchema() {
  return z
    .strictObject({
      organizzazione: text().describe("Nome dell'organizzazione, come compare in copertina e nei piè di pagina."),
      // --- the network's site and look (issue 13, part B) ---
      sito: z
        .url({ protocol: /^https$/, hostname: z.regexes.domain })
        .optional()
        .describe(
          "Indirizzo completo (https://) dove si pubblica la cartella output/<anno>/, facoltativo; {anno} sta per l'anno. Con l'indirizzo, la dispensa ha un codice QR al resoconto e le pagine hanno indirizzi completi per la condivisione.",
        ),
      tema: z
        .strictObject({
          colore_principale: hexColour().optional().describe('Colore principale (titoletti, copertine, intestazione del resoconto), come "#1f4e79": scuro abbastanza da leggere il bianco sopra.'),
          colore_testo: hexColour().optional().describe('Colore del testo, come "#1a1a1a".'),
          carattere: z
            .strictObject({
              file: text().describe('File del carattere nella cartella dei dati (WOFF2, WOFF o TTF), come "caratteri/MioCarattere.woff2".'),
              nome: text().describe('Nome del carattere, come "Atkinson Hyperlegible": quello che il PowerPoint cerca sul computer.'),
            })
            .optional()
            .describe('Un carattere della rete al posto di Titillium Web (facoltativo).'),
        })
        .optional()
        .describe('Aspetto della presentazione e del resoconto: colori e carattere (facoltativo).'),
      // --- end of part B's block ---
      logo: z.string().optional().describe('File del logo nella cartella data/ (SVG o PNG), facoltativo.'),
      logo_alt: z.string().optional().describe('Testo alternativo del logo.'),
      territorio: z
        .strictObject({
          nome: text().describe('Il territorio della rete come si legge in una frase, dopo "della": per esempio "provincia di ...".'),
          confini: text().describe(
            'Il file con i confini dei comuni (TopoJSON), a partire dalla cartella dei dati, per esempio "geo/comuni.topo.json". I file di openpolis per provincia vanno bene così come sono.',
          ),
          attribuzione: text().describe('Chi ha fatto i confini e con quale licenza: si stampa sotto la cartina, per esempio "Confini comunali: openpolis / ISTAT, CC BY 4.0".'),
        })
        .describe('Il territorio della rete: il nome, i confini dei comuni per la cartina e i controlli, e chi li ha fatti.'),
      ambiti: z
        .array(
          z.strictObject({
            nome: text().describe("Nome dell'ambito territoriale, come si scrive nei file degli anni."),
            colore: hexColour().describe('Colore dell\'ambito in tutti i grafici, come "#1f5fa8".'),
            dal: year().optional().describe("Il primo anno in cui l'ambito c'era, se è nato dopo gli altri (facoltativo)."),
            fino_al: year().optional().describe("L'ultimo anno in cui l'ambito c'era, se non c'è più (facoltativo)."),
          }),
        )
        .min(2)
        .max(8)
        .describe('Gli ambiti territoriali (da 2 a 8), dichiarati una volta sola, con il loro colore.'),
    })
    .describe('La rete Auser: dati che valgono per tutti gli anni.');
}

export function yearSchema(v: Vocabulary) {
  const district = z.enum(v.districts as [string, ...string[]]);
  const municipality = z.enum(v.municipalities as [string, ...string[]]);
  const perDistrict = () => z.record(district, count());
  /** A table by district, with the total printed in the original deck kept only to be compared. */
  const table = (what: string) =>
    z
      .strictObject({
        per_ambito: perDistrict().describe(`${what}, un numero per ogni ambito.`),
        totale_stampato: count().optional().describe('Il totale come era stampato nella presentazione: serve solo al controllo, il totale vero è calcolato.'),
      })
      .describe(what);

  const assembly = z.strictObject({
    titolo: text().describe("Titolo dell'assemblea, in copertina."),
    data: z.iso.date().describe("Data dell'assemblea, nella forma AAAA-MM-GG (per esempio 2026-05-16)."),
    luogo: text().optional().describe("Luogo dell'assemblea (facoltativo)."),
  });

  const network = z.strictObject({
    associazioni: table('Associazioni (ALA) nel territorio, per ambito'),
    provinciali: count().describe('Associazioni di livello provinciale, fuori dagli ambiti.'),
    aps: count().describe('Associazioni di promozione sociale (APS).'),
    odv: count().describe('Organizzazioni di volontariato (ODV).'),
    totale_stampato: count().optional().describe('Il numero totale di associazioni come era stampato.'),
  });

  const conventions = z.strictObject({
    controparti: z
      .array(
        z.strictObject({
          nome: text().describe('Con chi è stipulata la convenzione (per esempio "Enti locali").'),
          numero: count().describe('Numero di convenzioni.'),
        }),
      )
      .min(1)
      .describe('Convenzioni per tipo di controparte.'),
    totale_stampato: count().optional().describe('Il numero totale di convenzioni come era stampato.'),
    per_ambito: z
      .partialRecord(
        district,
        z.strictObject({
          numero: count().describe("Convenzioni stipulate nell'ambito."),
          comuni: z.array(municipality).min(1).describe('I comuni con almeno una convenzione, con il nome ufficiale ISTAT.'),
        }),
      )
      .describe('Convenzioni per ambito, con i comuni.'),
    percentuale_comuni_stampata: percent().optional().describe('La percentuale di comuni con convenzione come era stampata (per esempio 50).'),
  });

  const members = z.strictObject({
    per_ambito: perDistrict().describe('Soci tesserati per ambito.'),
    totale_stampato: count().optional().describe('Il totale dei soci come era stampato.'),
    crescita_stampata: z.number().int().optional().describe("La crescita sull'anno prima come era stampata (per esempio 108)."),
  });

  const volunteers = z.strictObject({
    totale: count().optional().describe('Volontari in tutto, quando non si conosce la divisione per ambito.'),
    per_ambito: perDistrict().optional().describe('Volontari per ambito (facoltativo).'),
  });

  const people = z.strictObject({
    presidenti: perDistrict().optional().describe('Presidenti delle associazioni per ambito (facoltativo).'),
    presidenti_donne: count().optional().describe('Di cui donne (facoltativo).'),
    comitati_direttivi: perDistrict().optional().describe('Componenti dei comitati direttivi per ambito (facoltativo).'),
  });

  const vehicles = z.strictObject({
    proprieta: table('Auto di proprietà Auser per ambito'),
    comodato: table("Auto in comodato d'uso da enti locali per ambito"),
    attrezzate: table('Di cui auto attrezzate, per ambito'),
  });

  const serviceGroup = z.strictObject({
    gruppo: text().describe('Nome del gruppo di servizi.'),
    voci: z.array(text()).optional().describe('I servizi del gruppo.'),
  });

  const namedCount = z.strictObject({ nome: text(), numero: count() });

  const mobility = z.strictObject({
    interventi: count().describe('Servizi (interventi) di mobilità sociale in tutto.'),
    accessi_strutture_ospedaliere: count().describe('Di cui accessi a strutture ospedaliere.'),
    accessi_strutture_ospedaliere_percentuale_stampata: percent().optional(),
    accessi_ospedali_pubblici: count().optional().describe('Accessi agli ospedali pubblici della provincia.'),
    ospedali_pubblici_nomi: text().optional().describe('Gli ospedali pubblici della provincia come si leggono nella frase «negli ospedali delle ...», per esempio "ASST di ..." (facoltativo).'),
    ospedali_pubblici_commento: text().optional().describe('Un commento sugli accessi agli ospedali pubblici, scritto sotto il numero (facoltativo).'),
    ospedali_pubblici_percentuale: percent().optional().describe('Quota degli interventi negli ospedali ASST, come stampata.'),
    ospedali_pubblici_su_accessi_percentuale_stampata: percent()
      .optional()
      .describe('La quota degli accessi a strutture ospedaliere fatti negli ospedali ASST, come era stampata («Di questi il 26%»): serve solo al controllo.'),
    altre_strutture_provincia_percentuale: percent().optional().describe('Quota degli interventi in altre strutture sanitarie della provincia.'),
    fuori_provincia_percentuale: percent().optional().describe('Quota degli interventi fuori provincia.'),
    persone_disabili: count().optional().describe('Interventi per persone diversamente abili accompagnate nelle strutture.'),
    persone_disabili_percentuale_stampata: percent().optional(),
    assistiti_per_ambito: perDistrict().optional().describe('Persone assistite dalla mobilità sociale, per ambito (facoltativo).'),
    interventi_per_ambito: perDistrict().optional().describe('Interventi di mobilità sociale per ambito (facoltativo).'),
    accessi_per_ospedale: z.array(namedCount).optional().describe('Accessi per ospedale pubblico (facoltativo).'),
    accessi_strutture_private: z.array(namedCount).optional().describe('Accessi per struttura privata (facoltativo).'),
  });

  const personalHelp = z.strictObject({
    consegne: perDistrict().optional().describe('Consegne di pasti, spesa e farmaci per ambito (facoltativo).'),
    compagnia: perDistrict().optional().describe('Interventi di compagnia telefonica e di persona per ambito (facoltativo).'),
    segretariato_sociale: perDistrict().optional().describe('Interventi di segretariato sociale per ambito (facoltativo).'),
    persone_raggiunte: perDistrict().optional().describe('Persone raggiunte dai servizi di aiuto alla persona, per ambito (facoltativo).'),
    assistiti_per_ambito: perDistrict().optional().describe('Assistiti Auser per ambito (facoltativo).'),
  });

  const workshop = z.strictObject({
    nome: text().describe("Nome dell'officina."),
    luogo: text().optional().describe('Località, se non è il nome di un comune (per esempio una frazione).'),
    comune: municipality.describe('Il comune, con il nome ufficiale ISTAT.'),
    volontari: count().describe('Volontari.'),
    ore: count().describe('Ore di volontariato.'),
    km: count().optional().describe('Km percorsi.'),
    ausili: count().optional().describe('Ausili forniti.'),
  });

  const totals = z.strictObject({
    prestazioni: count().describe("Prestazioni (interventi) dell'anno, tutti i servizi."),
    prestazioni_differenza_stampata: z.number().int().optional().describe("Differenza sull'anno prima come era stampata."),
    assistiti: count().describe("Persone assistite nell'anno."),
    assistiti_differenza_stampata: z.number().int().optional(),
    interventi_per_assistito_stampato: z.number().min(0).optional().describe('Interventi per assistito come era stampato.'),
  });

  const civic = z.strictObject({
    ore: table('Ore di volontariato civico per ambito'),
    volontari: table('Volontari del volontariato civico per ambito'),
    attivita: z.array(text()).optional().describe('Le attività di volontariato civico.'),
  });

  const centres = z.strictObject({
    per_ambito: z
      .record(
        district,
        z.strictObject({
          centri: count(),
          ore_apertura: count(),
          volontari: count(),
          affluenza: count().describe('Presenze in un anno.'),
        }),
      )
      .describe('Centri sociali per ambito.'),
    totale_centri_stampato: count().optional(),
  });

  const tourism = z.strictObject({
    organizzatori: z.array(municipality).optional().describe('I comuni delle Auser che organizzano turismo sociale.'),
    ore_volontariato: count(),
    volontari: count(),
    partecipanti: count(),
    iniziative: count(),
  });

  const learning = z.strictObject({
    iniziative: z
      .array(z.strictObject({ comune: municipality, descrizione: text() }))
      .optional()
      .describe('Iniziative e corsi, con il comune.'),
    partecipanti: count().optional().describe('Partecipanti in tutto.'),
  });

  const cultureNetwork = z.strictObject({
    membri: z.array(text()).min(1).describe('Le associazioni della Rete Auser Cultura.'),
    descrizione: text().optional(),
  });

  const unipop = z.strictObject({
    nome: text(),
    anno_accademico: z
      .string()
      .regex(/^\d{4}\/\d{2}$/)
      .describe('Per esempio "2024/25".'),
    iscritti: count(),
    docenti: count(),
    corsi_per_comune: z.partialRecord(municipality, count()).describe('Corsi attivi per comune.'),
    corsi_totale_stampato: count().optional(),
  });

  const summer = z.strictObject({
    titolo: text(),
    iscritti: count(),
  });

  const project = z.strictObject({
    titolo: text(),
    sottotitolo: text().optional(),
    promotore: text().optional(),
    finanziatore: text().optional(),
    sedi: z.array(text()).optional().describe('Dove si svolge e con quale ruolo di Auser.'),
    obiettivi: z.array(text()).optional(),
  });

  const closing = z.strictObject({
    titolo: text(),
    sottotitolo: text().optional(),
    saluto: text().optional(),
  });

  const photo = z.strictObject({
    file: text().describe('File della foto nella cartella data/ (JPG, PNG, WebP o SVG).'),
    alt: text().describe('Descrizione della foto per chi non la vede: obbligatoria.'),
    slide: slideId().describe('La diapositiva dove va la foto.'),
  });

  return z
    .strictObject({
      anno: year().describe("L'anno a cui si riferiscono i dati: deve essere quello del nome del file."),
      assemblea: assembly.optional().describe("L'assemblea in cui si presentano questi dati."),
      rete: network.describe('La rete: associazioni per ambito e per tipo.').optional(),
      convenzioni: conventions.describe('Convenzioni: per controparte e per ambito, con i comuni.').optional(),
      soci: members.describe("Soci: i tesserati dell'anno.").optional(),
      organismi_dirigenti: people.describe('Organismi dirigenti: presidenti e comitati direttivi.').optional(),
      volontari: volunteers.describe('Volontari: in tutto o per ambito.').optional(),
      ore_volontariato: table('Ore di volontariato per ambito').optional(),
      automezzi: vehicles.describe('Automezzi: auto di proprietà, in comodato e attrezzate.').optional(),
      servizi_offerti: z.array(serviceGroup).describe('Servizi offerti: i gruppi di servizi, con le loro voci.').optional(),
      mobilita_sociale: mobility.describe('Mobilità sociale: servizi di accompagnamento e accessi alle strutture sanitarie.').optional(),
      km_percorsi: table('Km percorsi per ambito').optional(),
      aiuto_alla_persona: personalHelp.describe('Aiuto alla persona: consegne, compagnia, segretariato sociale.').optional(),
      officine_aiuto: z.array(workshop).describe("Officine dell'aiuto: una voce per officina.").optional(),
      totali: totals.optional().describe("Prestazioni e assistiti dell'anno."),
      volontariato_civico: civic.describe('Volontariato civico: ore e volontari per ambito.').optional(),
      centri_sociali: centres.describe('Centri sociali: centri, aperture, volontari e affluenza per ambito.').optional(),
      turismo_sociale: tourism.describe('Turismo sociale: iniziative, partecipanti e volontari.').optional(),
      apprendimento_permanente: learning.describe('Apprendimento permanente: iniziative e corsi.').optional(),
      rete_auser_cultura: cultureNetwork.describe('Rete Auser Cultura: le associazioni che ne fanno parte.').optional(),
      unipop: unipop.describe('Università popolare: iscritti, docenti e corsi.').optional(),
      estate: summer.describe("Estate: l'iniziativa estiva e i suoi iscritti.").optional(),
      progetti: z.array(project).describe('Progetti: una voce per progetto.').optional(),
      chiusura: closing.describe("Chiusura: il titolo e il saluto dell'ultima diapositiva.").optional(),
      titoli: z.record(slideId(), text()).optional().describe('Titoli scelti a mano, per diapositiva (id della diapositiva: titolo), al posto di quelli scritti dai dati.'),
      note: z.record(slideId(), text()).optional().describe('Note per chi presenta, per diapositiva (id della diapositiva: testo).'),
      foto: z.array(photo).describe('Foto: una voce per foto, con la diapositiva dove va.').optional(),
    })
    .describe('I dati di un anno della rete Auser.');
}

export type Network = z.infer<ReturnType<typeof networkSchema>>;
export type Year = z.infer<ReturnType<typeof yearSchema>>;
export type PerDistrict = Record<string, number>;

type JsonNode = { [key: string]: unknown };

/** Editors complete keys from `properties`, not from `propertyNames`: spell the closed key lists out. */
function spellOutKeys(root: unknown): unknown {
  const definitions = ((root as JsonNode).definitions ?? {}) as Record<string, JsonNode>;
  // A reused enum (the districts) is a `$ref` to the definitions: follow it to find the names.
  const deref = (n: JsonNode | undefined): JsonNode | undefined => (typeof n?.$ref === 'string' && n.$ref.startsWith('#/definitions/') ? deref(definitions[n.$ref.slice('#/definitions/'.length)]) : n);
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out: JsonNode = Object.fromEntries(Object.entries(node).map(([k, val]) => [k, walk(val)]));
    const names = deref(out.propertyNames as JsonNode | undefined)?.enum;
    if (Array.isArray(names) && out.additionalProperties && typeof out.additionalProperties === 'object') {
      out.properties = Object.fromEntries(names.map((n) => [n, out.additionalProperties]));
      out.additionalProperties = false;
    }
    return out;
  };
  return walk(root);
}

/** JSON Schemas for editors (yaml-language-server), generated from the same zod schemas. */
export function jsonSchemas(v: Vocabulary): { rete: object; anno: object } {
  // An address as JSON Schema's "uri" would refuse sito's {anno}: editors get its https:// pattern instead.
  const override = (ctx: { jsonSchema: Record<string, unknown> }) => {
    if (ctx.jsonSchema.format === 'uri') {
      delete ctx.jsonSchema.format;
      ctx.jsonSchema.pattern = '^https://[^/\\s]+\\.[^/\\s]+(/\\S*)?$';
    }
  };
  const opts = { target: 'draft-7' as const, io: 'input' as const, unrepresentable: 'any' as const, reused: 'ref' as const, override };
  return {
    rete: spellOutKeys(z.toJSONSchema(networkSchema(), opts)) as object,
    anno: spellOutKeys(z.toJSONSchema(yearSchema(v), opts)) as object,
  };
}

/** Descriptions do not depend on the vocabulary: one schema serves every label. */
const LABEL_SCHEMA = yearSchema({ districts: ['-'], municipalities: ['-'] });
/** The year file's top-level fields in the schema's order: where a missing one would be written. */
export const YEAR_FIELDS: readonly string[] = Object.keys(LABEL_SCHEMA.shape);

/** Every field name of the two files (not district or municipality names): a line that starts with one
 * and a colon with no space after it ("titolo:Assemblea") is a slip, not a text. */
export const FIELD_NAMES: ReadonlySet<string> = (() => {
  const names = new Set<string>();
  const walk = (s: z.core.$ZodType, seen: Set<unknown>) => {
    if (seen.has(s)) return;
    seen.add(s);
    const d = defOf(unwrap(s).schema);
    for (const [k, v] of Object.entries(d.shape ?? {})) {
      names.add(k);
      walk(v, seen);
    }
    for (const child of [d.valueType, d.element]) if (child) walk(child, seen);
  };
  walk(LABEL_SCHEMA, new Set());
  walk(networkSchema(), new Set());
  return names;
})();

const bareText = (d: string) =>
  d
    .replace(/\s*\(facoltativo\)/g, '')
    .trim()
    .replace(/[.\s]*$/, '');
const humanKey = (k: string) => k.replace(/_/g, ' ');

/** A year file's section as people call it: "Mobilità sociale" for `mobilita_sociale` (its description, before the colon). */
export function sectionLabel(key: string): string {
  const d = childOf(LABEL_SCHEMA, key).description;
  const head = d ? bareText(d).split(':')[0] : humanKey(key);
  return head.charAt(0).toUpperCase() + head.slice(1);
}

/** A figure named in plain Italian from the schema's descriptions, for people rather than the YAML: the
 * deepest description on its path, then the names below it (districts, list items, fields without one):
 * `soci › per_ambito › Nord` -> "Soci tesserati per ambito › Nord". A table described twice
 * ("Km percorsi per ambito" and "..., un numero per ogni ambito") uses the shorter. */
export function fieldLabel(keys: readonly string[]): string {
  const steps = walkPath(LABEL_SCHEMA, keys);
  const descriptions = steps.map((st) => st.description);
  /** Keys that are names (a district, a list item), not fields: they stay in the label wherever they are. */
  const isName = steps.map((st) => st.isName);
  let deepest = descriptions.length - 1;
  while (deepest >= 0 && !descriptions[deepest]) deepest--;
  if (deepest < 0) return keys.map(humanKey).join(' › ');
  let text = bareText(descriptions[deepest]!);
  for (const d of descriptions.slice(0, deepest)) if (d && text.startsWith(bareText(d)) && bareText(d).length < text.length) text = bareText(d);
  // A section's own description ("Soci: i tesserati dell'anno") names it by the words before the colon.
  if (deepest === 0) text = sectionLabel(keys[0]);
  const names = keys.slice(0, deepest).filter((_, i) => isName[i]);
  return [text, ...names, ...keys.slice(deepest + 1).map((k, i) => (isName[deepest + 1 + i] ? k : humanKey(k)))].join(' › ');
}
