/** Every message about the data that a user reads, in plain Italian, in one place.
 * Each function returns the `message` (what was found) and the `hint` (how to fix it). */
import path from 'node:path';
import { greySafePalette, lightnessGap } from './colour.js';
import { formatDate, formatDecimal, formatNumber, formatPercent, formatSigned, formatSignedPercent, plural } from './format.js';
import type { Vanished } from './review.js';

type VanishedWas = Vanished['was'];

export interface Text {
  message: string;
  hint?: string;
  /** YAML to copy, as the hint says (see Diagnostic.example). */
  example?: string;
}

/** Where an example's lines go in the year's file: under a group already there, before the section that
 * follows, at the end, or in another file (the slide's note says which). */
export type ExamplePlace = { under: string; line: number } | { before: string; line: number } | { end: true } | { note: string };

/** A copyable example of what to add, and where. */
export interface FieldExample {
  yaml: string;
  place: ExamplePlace;
  /** Every value to fill in is a number. */
  numbers: boolean;
}

/** What a group of lines holds, in plain words: a line per district, per name, or some fields. */
export type Group = { kind: 'districts'; names: readonly string[]; numbers: boolean } | { kind: 'names'; numbers: boolean } | { kind: 'fields'; names: readonly string[] };

const q = (s: unknown) => `«${String(s)}»`;
/** What separates the thousands in a figure typed the Italian way: «3.308», «1,217», «12 500», «3'308». */
const separatorName = (found: string) => {
  const digitsOut = found.replace(/^["']|["']$/g, '').replace(/\d/g, '');
  if (/^\.+$/.test(digitsOut)) return 'il punto';
  if (/^,+$/.test(digitsOut)) return 'la virgola';
  if (/^[\u00a0\u202f ]+$/.test(digitsOut)) return 'lo spazio';
  if (/^['’]+$/.test(digitsOut)) return "l'apostrofo";
  return 'un punto, una virgola o uno spazio';
};
const list = (xs: readonly string[]) => xs.join(', ');
/** The grey-safe palette for `n` districts, from the darkest to the lightest. */
const spreadPalette = (n: number) => greySafePalette(n);
/** Where a network finds its boundaries: one file per province, ready to use. */
const OPENPOLIS =
  'I confini di ogni provincia, pronti da usare, sono nel progetto geojson-italy di openpolis (github.com/openpolis/geojson-italy, cartella topojson, file limits_P_<codice ISTAT della provincia>_municipalities.topo.json).';

const placeWords = (p: ExamplePlace) =>
  'under' in p
    ? `nel file dell'anno, sotto ${q(`${p.under}:`)} (riga ${p.line}),`
    : 'before' in p
      ? `nel file dell'anno, prima di ${q(`${p.before}:`)} (riga ${p.line}),`
      : 'end' in p
        ? "in fondo al file dell'anno"
        : `${p.note},`;

const groupWords = (g: Group) =>
  g.kind === 'districts'
    ? `ci vuole una riga per ogni ambito (${list(g.names)}), rientrata di due spazi, con il suo ${g.numbers ? 'numero' : 'valore'}`
    : g.kind === 'names'
      ? `ci vuole una riga per ogni nome, rientrata di due spazi, con il suo ${g.numbers ? 'numero' : 'valore'}`
      : g.names.length === 1
        ? `ci vuole il campo ${q(g.names[0])}, rientrato di due spazi`
        : `ci vogliono i campi ${g.names.slice(0, -1).map(q).join(', ')} e ${q(g.names.at(-1))}, uno per riga, rientrati di due spazi`;

export const msg = {
  // --- pictures named by the data (photos, logo) -------------------------------------------
  imageOutside: (file: string): Text => ({
    message: `L'immagine ${q(file)} è fuori dalla cartella dei dati.`,
    hint: 'Copia l\'immagine nella cartella dei dati (per esempio in data/foto/) e scrivi il percorso a partire da lì, come "foto/assemblea.jpg".',
  }),
  imageType: (file: string, kinds: readonly string[]): Text => ({
    message: `Il file ${q(file)} non è un tipo di immagine che la presentazione può mostrare.`,
    hint: `Usa un'immagine ${list(kinds)}.`,
  }),
  imageMissing: (file: string): Text => ({
    message: `Non trovo l'immagine ${q(file)} nella cartella dei dati.`,
    hint: 'Controlla il nome del file (maiuscole e minuscole contano) e che il percorso parta dalla cartella dei dati, come "foto/assemblea.jpg".',
  }),
  imageTooBig: (file: string, bytes: number, limit: number): Text => ({
    message: `L'immagine ${q(file)} pesa ${formatDecimal(bytes / 1024 / 1024)} MB: la presentazione diventerebbe troppo pesante da aprire e da spedire.`,
    hint: `Riducila sotto i ${formatNumber(limit / 1024 / 1024)} MB (per esempio a 1920 pixel di larghezza) e salvala di nuovo.`,
  }),
  logoWithoutAlt: (organisation: string): Text => ({
    message: 'Il logo non ha una descrizione per chi non vede le immagini.',
    hint: `Aggiungi in rete.yaml la riga logo_alt con il nome dell'associazione, per esempio: logo_alt: "${organisation}".`,
  }),

  // --- the browser that prints the PDFs --------------------------------------------------
  noBrowser: (tried?: string): Text =>
    tried
      ? {
          message: `PUPPETEER_EXECUTABLE_PATH=${tried}: non c'è nessun browser qui, e senza browser i PDF non si possono creare.`,
          hint: 'Correggi il percorso (deve portare al programma di Chrome, Chromium o Edge, per esempio /usr/bin/chromium), oppure togli PUPPETEER_EXECUTABLE_PATH per usare il browser installato.',
        }
      : {
          message: 'Non trovo un browser per creare i PDF (Chrome, Chromium o Edge).',
          hint: 'Installa Chrome o Chromium (su Debian/Ubuntu: "sudo apt-get install chromium"), oppure indica dove si trova con PUPPETEER_EXECUTABLE_PATH=/percorso/del/browser.',
        },
  browserFailed: (tried: string, reason: string): Text => ({
    message: `Il browser ${tried} non è partito: ${reason}`,
    hint: 'Controlla che sia Chrome, Chromium o Edge e che si apra; se hai impostato PUPPETEER_EXECUTABLE_PATH, correggilo o toglilo.',
  }),
  browserCrashed: (reason: string): Text => ({
    message: `Il browser si è chiuso mentre stampava i PDF (${reason}).`,
    hint: 'Riprova; se succede ancora, chiudi gli altri programmi aperti (il browser può aver finito la memoria).',
  }),
  printTimeout: (seconds: number): Text => ({
    message: `Il browser non ha finito in ${seconds} secondi: la stampa dei PDF è stata interrotta.`,
    hint: 'Riprova; se succede ancora, chiudi gli altri programmi aperti.',
  }),
  blockedRequests: (urls: readonly string[]): Text => ({
    message: `Le pagine hanno chiesto file esterni, che sono stati bloccati: ${list(urls)}.`,
    hint: 'Tutto quello che serve deve stare nella cartella dei dati o dei modelli: togli dai modelli gli indirizzi esterni.',
  }),
  imagesBroken: (names: readonly string[]): Text => ({
    message: `Queste immagini non si caricano: ${list(names)}.`,
    hint: 'Controlla che il file di ogni immagine esista e sia un PNG, JPEG, WebP o SVG valido.',
  }),
  fontMissing: (family: string): Text => ({
    message: `Il carattere ${q(family)} incorporato non si è caricato: i PDF non verrebbero come la presentazione.`,
    hint: 'Reinstalla le dipendenze con "npm ci".',
  }),

  // --- files and YAML syntax -------------------------------------------------------------
  fileTooBig: (bytes: number, limit: number): Text => ({
    message: `Il file è troppo grande (${formatNumber(bytes)} byte; il massimo è ${formatNumber(limit)}): non viene letto.`,
    hint: 'Un file di dati annuale occupa pochi kilobyte: controlla di aver salvato il file giusto.',
  }),
  fileUnreadable: (reason: string): Text => ({
    message: `Il file non si può leggere (${reason}).`,
    hint: 'Controlla che il file esista e che sia un file di testo salvato in UTF-8.',
  }),
  fileNotUtf8: (word: string): Text => ({
    message: `Il file non è salvato in UTF-8: le lettere accentate non si leggono (qui: ${q(word)}).`,
    hint: 'Salvalo di nuovo scegliendo la codifica UTF-8 (nel Blocco note: File › Salva con nome › Codifica: UTF-8), poi controlla le lettere accentate.',
  }),
  fileUtf16: (): Text => ({
    message: 'Il file è salvato in UTF-16 (nel Blocco note si chiama «Unicode»), non in UTF-8: non si legge.',
    hint: 'Salvalo di nuovo scegliendo la codifica UTF-8 (nel Blocco note: File › Salva con nome › Codifica: UTF-8).',
  }),
  yearFileMisnamed: (name: string, year: number, newest?: number): Text => ({
    message: `Il file ${q(name)} sembra contenere i dati del ${year}, ma con questo nome non viene letto${newest ? `: la presentazione sarebbe quella del ${newest}` : ''}.`,
    hint: `Rinominalo ${year}.yaml (in Windows, attiva «Estensioni nomi file» nel menu Visualizza per vedere il nome intero), oppure spostalo fuori dalla cartella.`,
  }),
  networkFileMisnamed: (name: string): Text => ({
    message: `Il file ${q(name)} non viene letto: il file della rete deve chiamarsi esattamente rete.yaml.`,
    hint: 'Rinominalo rete.yaml, tutto in minuscolo.',
  }),
  fileIgnored: (name: string): Text => ({
    message: `Il file ${q(name)} non ha il nome di un anno e non viene letto.`,
    hint: "I dati di un anno vanno in un file chiamato con l'anno, per esempio 2026.yaml. Rinominalo o spostalo fuori dalla cartella.",
  }),
  noDataDir: (dir: string, notAFolder: boolean): Text => ({
    message: notAFolder ? `${q(dir)} è un file, non una cartella di dati.` : `La cartella dei dati ${q(dir)} non esiste.`,
    hint: 'Controlla il percorso dato con --data (senza --data si usa la cartella «data» dove lanci il comando).',
  }),
  networkMissing: (file: string): Text => ({
    message: `Non c'è il file della rete ${q(file)} (il nome dell'organizzazione, il territorio, gli ambiti).`,
    hint: 'Per una rete nuova, "npx assemblea init ANNO" lo prepara da compilare, con il file del primo anno. Se la rete c\'è già, controlla la cartella indicata con --data.',
  }),
  noYears: (dir: string): Text => ({
    message: `Nella cartella ${q(dir)} non c'è nessun file di un anno (come 2025.yaml).`,
    hint: 'Indica la cartella dei dati con --data. Per una rete nuova, "npx assemblea init ANNO" prepara rete.yaml e il file del primo anno; per un anno dopo l\'ultimo, "npx assemblea new-year ANNO".',
  }),
  yearNotFound: (year: number, available: number[]): Text => {
    const latest = Math.max(...available);
    return {
      message: `Non c'è il file dei dati del ${year}. Gli anni che ci sono: ${available.join(', ')}.`,
      // A new year's file is made from the latest one: only the year after it is a new year.
      hint:
        year === latest + 1
          ? `Per cominciare il ${year}, crea il suo file con "npx assemblea new-year ${year}"; altrimenti scegli un anno che c'è, per esempio --year ${latest}.`
          : `Scegli uno degli anni che ci sono, per esempio --year ${latest}, oppure togli --year per l'ultimo.`,
    };
  },
  yearSkipped: (year: number, latest: number): Text => {
    const skipped = year - 1 === latest + 1 ? `il ${latest + 1}` : `gli anni dal ${latest + 1} al ${year - 1}`;
    return {
      message: `L'ultimo file dei dati è del ${latest}: creando il ${year} resterebbe${year - 1 === latest + 1 ? '' : 'ro'} senza dati ${skipped}, e gli storici e i confronti salterebbero quell'anno. Ogni file ha il nome dell'anno dei suoi dati: i dati del ${latest + 1}, presentati all'assemblea della primavera del ${latest + 2}, vanno in ${latest + 1}.yaml.`,
      hint: `Per i dati del ${latest + 1} scrivi "npx assemblea new-year ${latest + 1}". Se vuoi davvero saltare ${skipped}, aggiungi --allow-gap: "npx assemblea new-year ${year} --allow-gap".`,
    };
  },
  emptyFile: (): Text => ({
    message: 'Il file è vuoto.',
    hint: 'Scrivi almeno la riga "anno: ..." con l\'anno del file.',
  }),
  notAMapping: (found: string): Text => ({
    message: `Il file dovrebbe contenere un elenco di campi (nome: valore), invece contiene ${found}.`,
    hint: 'Ogni riga principale ha la forma "nome_del_campo: valore", partendo dall\'inizio della riga.',
  }),
  yamlTab: (): Text => ({
    message: 'Questa riga è rientrata con un carattere di tabulazione (tasto Tab).',
    hint: 'In YAML i rientri si fanno solo con gli spazi: cancella il Tab e metti due spazi per ogni livello.',
  }),
  yamlNoSpaceAfterColon: (line: string, fixed: string, hashToo = false): Text => ({
    message: `Nella riga ${q(line)} dopo i due punti manca lo spazio: senza, il file non distingue il nome del campo dal suo valore.`,
    hint: hashToo ? `Scrivi uno spazio dopo i due punti e uno prima del #: ${q(fixed)}.` : `Scrivi uno spazio dopo i due punti: ${q(fixed)}.`,
  }),
  yamlStuckComment: (number: string, value: string, fixed: string): Text => ({
    message: `Dopo il numero ${q(number)} c'è un # attaccato: il file legge ${q(value)} come un testo, non come il numero ${number} seguito da una nota.`,
    hint: `Scrivi uno spazio prima del #: ${q(fixed)} (oppure togli la nota).`,
  }),
  yamlOddSpace: (what: string): Text => ({
    message: `Qui c'è ${what}, che sembra uno spazio normale ma per il file non lo è: la riga non si legge.`,
    hint: 'Cancella lo spazio (e quelli vicini) e riscrivilo con la barra spaziatrice. Succede quando si copia da Word o da un PDF.',
  }),
  yamlDuplicateKey: (key: string, firstLine?: number): Text => ({
    message: `Il campo ${q(key)} è scritto due volte nello stesso punto${firstLine ? ` (la prima volta alla riga ${firstLine})` : ''}.`,
    hint: "Tieni una sola delle due righe (controlla quale ha il valore giusto) e cancella l'altra.",
  }),
  yamlIndent: (): Text => ({
    message: 'Il rientro di questa riga non torna con quello delle righe vicine.',
    hint: 'Allinea la riga con le altre dello stesso livello, usando spazi (due per livello).',
  }),
  yamlUnclosedQuote: (quote: string): Text => ({
    message: `Le virgolette (${quote}) aperte qui non sono mai chiuse: il testo continua fino alla fine del file.`,
    hint: `Aggiungi ${quote} alla fine del testo, sulla stessa riga, oppure togli le virgolette di apertura.`,
  }),
  yamlMissingColon: (line: string): Text => ({
    message: `Nella riga ${q(line)} mancano i due punti dopo il nome del campo.`,
    hint: 'Scrivi il nome, i due punti e uno spazio prima del valore, per esempio "iscritti: 3503".',
  }),
  yamlColonInText: (): Text => ({
    message: "Su questa riga c'è un secondo «: » che non si legge come parte del testo, oppure la riga dopo è rientrata troppo.",
    hint: 'Un testo che contiene ": " va tra virgolette ("così: per esempio"); altrimenti allinea la riga seguente con le altre dello stesso livello.',
  }),
  yamlUnclosedBracket: (bracket: string): Text => ({
    message: `Un elenco o un gruppo aperto tra parentesi su questa riga non è chiuso da ${q(bracket)}.`,
    hint: `Aggiungi ${q(bracket)} alla fine, sulla stessa riga, oppure scrivi le voci una per riga senza parentesi.`,
  }),
  yamlManyDocuments: (): Text => ({
    message: 'Il file contiene più di un documento, separati da una riga «---».',
    hint: 'Un file contiene i dati di un solo anno: togli la riga «---» e sposta quello che segue nel file del suo anno.',
  }),
  yamlSyntax: (): Text => ({
    message: 'Questa riga non si legge come YAML.',
    hint: 'Controlla i due punti dopo il nome del campo, le virgolette aperte e chiuse e i rientri. Un testo che contiene ": " va tra virgolette.',
  }),
  yamlTooDeep: (): Text => ({
    message: "Qui ci sono troppi elenchi o gruppi uno dentro l'altro: il file non viene letto.",
    hint: 'Un file di dati ha pochi livelli di rientro: controlla di aver salvato il file giusto.',
  }),
  yamlAliases: (): Text => ({
    message: 'Il file usa troppi riferimenti YAML (alias con * e &): non viene espanso.',
    hint: 'Scrivi i valori per esteso, senza alias.',
  }),

  // --- schema ----------------------------------------------------------------------------
  unknownField: (key: string, suggestion?: string): Text => ({
    message: `Il campo ${q(key)} non esiste in questo punto.`,
    hint: suggestion ? `Forse intendevi ${q(suggestion)}? Correggi il nome del campo.` : 'Controlla il nome del campo o il rientro della riga (forse appartiene a un altro gruppo).',
  }),
  missingField: (key: string): Text => ({
    message: `Manca il campo ${q(key)}.`,
    hint: `Aggiungi la riga "${key}: ..." con il suo valore.`,
  }),
  /** A field out of its group: unknown where it is, missing in the group beside it. */
  indentedTooLittle: (key: string, group: string): Text => ({
    message: `La riga ${q(`${key}:`)} ha meno spazi davanti del necessario: così non fa parte di ${q(`${group}:`)}, dove manca, e qui è un campo che non esiste.`,
    hint: `Rientrala (con le righe che le appartengono) come le altre righe sotto ${q(`${group}:`)}.`,
  }),
  /** A field pushed into the group above it: unknown there, missing where it was meant. */
  indentedTooMuch: (key: string, group: string): Text => ({
    message: `La riga ${q(`${key}:`)} ha troppi spazi davanti: così fa parte di ${q(`${group}:`)}, dove questo campo non esiste, e manca dove serve.`,
    hint: `Togli gli spazi in più: ${q(`${key}:`)} va allineata a ${q(`${group}:`)}.`,
  }),
  missingDistrict: (district: string): Text => ({
    message: `Manca il dato dell'ambito ${q(district)}.`,
    hint: `Aggiungi la riga "${district}: ..." con il suo numero (0 se non c'è nulla da contare).`,
  }),
  thousandsSeparator: (found: string, digits: string): Text => ({
    message: `Trovato ${q(found)}: nei file di dati ${separatorName(found)} non separa le migliaia, quindi questo non si legge come il numero ${digits}.`,
    hint: `Scrivi ${digits}: le cifre una dopo l'altra, senza punti, virgole né spazi in mezzo.`,
  }),
  notANumber: (found: string): Text => ({
    message: `Qui ci vuole un numero, invece c'è ${q(found)}.`,
    hint: 'Scrivi solo le cifre, senza testo, unità di misura o punti delle migliaia (per esempio 1217).',
  }),
  /** A blank value; the schema says whether the field may be left out, or else which section could go as a whole. */
  emptyValue: (expected: string, requirement: 'facoltativo' | { section?: string } = {}): Text =>
    requirement === 'facoltativo'
      ? {
          message: `Manca il valore (dato facoltativo): qui ci vuole ${expected}.`,
          hint: "Scrivi il valore dopo i due punti; se quest'anno il dato non c'è, togli la riga.",
        }
      : {
          message: `Manca il valore (dato obbligatorio${requirement.section ? ` nella sezione ${q(requirement.section)}` : ''}): qui ci vuole ${expected}.`,
          hint: `Scrivi il valore dopo i due punti (per un numero, 0 se non c'è nulla da contare)${requirement.section ? `; se quest'anno la sezione ${requirement.section} non c'è del tutto, togli la sezione intera` : ''}.`,
        },
  valueIsComment: (found: string): Text => ({
    message: `Dopo i due punti c'è solo un commento (${q(found)}): in YAML il cancelletto preceduto da uno spazio apre un commento.`,
    hint: `Metti il valore tra virgolette: "${found}".`,
  }),
  quotedNumber: (found: string, digits: string): Text => ({
    message: `Il numero ${q(found)} è tra virgolette, quindi si legge come un testo.`,
    hint: `Togli le virgolette: scrivi ${digits}.`,
  }),
  hugeNumber: (found: string): Text => ({
    message: `Il numero ${q(found)} è troppo grande per essere un dato: ha troppe cifre.`,
    hint: 'Controlla il numero: forse una cifra è stata battuta più volte o sono state incollate due cifre insieme.',
  }),
  numberNotation: (found: string, readAs: number | 'inf' | 'nan'): Text => ({
    message:
      readAs === 'nan'
        ? `${q(found)} per il file vuol dire «non è un numero».`
        : readAs === 'inf'
          ? `${q(found)} per il file è un numero infinito: non si può usare come dato.`
          : `${q(found)} è un numero scritto in una notazione speciale (esadecimale, ottale o con l'esponente «e»): si leggerebbe come ${formatNumber(readAs)}.`,
    hint: "Scrivi il numero solo con le cifre, una dopo l'altra (per esempio 1217).",
  }),
  decimalComma: (found: string, withPoint: string): Text => ({
    message: `${q(found)} non si legge come un numero: nei file di dati i decimali si scrivono con il punto, non con la virgola.`,
    hint: `Scrivi ${withPoint}, con il punto al posto della virgola (le diapositive mostrano comunque i numeri all'italiana).`,
  }),
  notAWholeNumber: (found: string): Text => ({
    message: `Qui ci vuole un numero intero, invece c'è ${q(found)}.`,
    hint: 'Scrivi un numero senza decimali.',
  }),
  negative: (found: string): Text => ({
    message: `Il numero non può essere negativo: trovato ${q(found)}.`,
    hint: 'Scrivi il numero senza il segno meno.',
  }),
  tooBig: (found: string, max: number): Text => ({
    message: `Il numero ${q(found)} è troppo grande: qui il massimo è ${max}.`,
    hint: max === 100 ? 'Una percentuale si scrive come numero da 0 a 100, senza il simbolo %.' : 'Controlla il numero.',
  }),
  tooSmall: (found: string, min: number): Text => ({
    message: `Il numero ${q(found)} è troppo piccolo: qui il minimo è ${min}.`,
    hint: 'Controlla il numero.',
  }),
  /** A number or a text where a group of lines goes ("consegne: 1200"): what the group holds, and an example. */
  groupExpected: (key: string, found: string, group: Group, example?: string): Text => ({
    message: `Sotto ${q(`${key}:`)} ${groupWords(group)}; invece dopo i due punti c'è ${found}.`,
    hint: example ? 'Scrivi così, con ogni valore dopo i suoi due punti e uno spazio:' : 'Scrivi le righe sotto, rientrate di due spazi, come negli altri anni.',
    ...(example ? { example } : {}),
  }),
  /** A list ("- Nord: 3") where a group of lines goes. */
  listInsteadOfGroup: (key: string, group: Group, example?: string): Text => ({
    message: `Sotto ${q(`${key}:`)} ${groupWords(group)}; invece c'è un elenco (righe che cominciano con "- ").`,
    hint: example ? "Togli il trattino e lo spazio all'inizio di ogni riga, così:" : 'Togli il trattino e lo spazio all\'inizio di ogni riga, lasciando solo "nome: valore".',
    ...(example ? { example } : {}),
  }),
  /** "consegne:" with nothing under it, where a group of lines goes. */
  emptyGroup: (key: string, group: Group, requirement: 'facoltativo' | { section?: string }, example?: string): Text => ({
    message: `Sotto ${q(`${key}:`)} non c'è niente (dato ${requirement === 'facoltativo' ? 'facoltativo' : `obbligatorio${requirement.section ? ` nella sezione ${q(requirement.section)}` : ''}`}): ${groupWords(group)}.`,
    hint: `${requirement === 'facoltativo' ? "Se quest'anno il dato non c'è, togli la riga; altrimenti scrivi" : 'Scrivi'} così, con ogni valore dopo i suoi due punti e uno spazio:`,
    ...(example ? { example } : {}),
  }),
  wrongType: (expected: string, found: string): Text => ({
    message: `Qui ci vuole ${expected}, invece c'è ${found}.`,
    hint: 'Controlla il valore e il rientro della riga.',
  }),
  listExpected: (key: string, found: string): Text => ({
    message: `Dopo ${q(`${key}:`)} ci vuole un elenco, invece c'è un valore solo: ${q(found)}.`,
    hint: `Scrivi l'elenco tra parentesi quadre, "${key}: [${found.trim()}]", oppure una voce per riga sotto, rientrata e con "- " davanti.`,
  }),
  listInsteadOfMap: (expected: string): Text => ({
    message: `Qui ci vuole ${expected}, invece c'è un elenco (righe che cominciano con "- ").`,
    hint: 'Togli il trattino e lo spazio all\'inizio di ogni riga, lasciando solo "nome: valore".',
  }),
  badKey: (found: string, example: string): Text => ({
    message: `Il nome ${q(found)} non è scritto nella forma attesa.`,
    hint: `Scrivilo come nell'esempio: ${example}.`,
  }),
  emptyText: (): Text => ({
    message: 'Il testo è vuoto.',
    hint: 'Scrivi il testo dopo i due punti, oppure togli la riga se il campo è facoltativo.',
  }),
  emptyList: (): Text => ({
    message: "L'elenco è vuoto.",
    hint: 'Aggiungi almeno una voce (una riga che comincia con "- "), oppure togli il campo se è facoltativo.',
  }),
  badDate: (found: string): Text => ({
    message: `${q(found)} non è una data valida nella forma anno-mese-giorno.`,
    hint: 'Scrivi la data come anno-mese-giorno, per esempio 2026-05-16.',
  }),
  badFormat: (found: string, example: string): Text => ({
    message: `Il valore ${q(found)} non è nella forma attesa.`,
    hint: `Scrivilo come nell'esempio: ${example}.`,
  }),
  unknownDistrict: (found: string, known: readonly string[], suggestion?: string): Text => ({
    message: `L'ambito ${q(found)} non è tra quelli dichiarati in rete.yaml.`,
    hint: `${suggestion ? `Forse intendevi ${q(suggestion)}? ` : ''}Gli ambiti sono: ${list(known)}. Per aggiungerne uno, dichiaralo in rete.yaml.`,
  }),
  unknownMunicipality: (found: string, territory: { name: string; count: number }, suggestion?: string): Text => ({
    message: `${q(found)} non è il nome ufficiale di un comune della ${territory.name}.`,
    hint: suggestion
      ? `Forse intendevi ${q(suggestion)}? Scrivi il nome come nell'elenco ISTAT.`
      : `Scrivi il nome come nell'elenco ISTAT dei ${formatNumber(territory.count)} comuni (l'editor lo propone mentre scrivi).`,
  }),
  districtOutsideYears: (name: string, year: number, from?: number, until?: number): Text => ({
    message: `L'ambito ${q(name)} nel ${year} non c'era: in rete.yaml ${from !== undefined && until !== undefined ? `esiste dal ${from} al ${until}` : from !== undefined ? `esiste dal ${from}` : `esiste fino al ${until}`}.`,
    hint: `Togli il dato di ${q(name)} da questo file, oppure correggi in rete.yaml ${from !== undefined && year < from ? `l'anno dopo «dal:»` : `l'anno dopo «fino_al:»`} dell'ambito.`,
  }),
  districtYears: (name: string, from: number, until: number): Text => ({
    message: `L'ambito ${q(name)} finisce (fino_al: ${until}) prima di cominciare (dal: ${from}).`,
    hint: "Controlla i due anni: «dal» è il primo anno in cui l'ambito c'era, «fino_al» l'ultimo.",
  }),
  // --- the territory (rete.yaml › territorio) and its boundaries file -------------------------
  territoryMissing: (): Text => ({
    message: 'In rete.yaml manca il territorio della rete: il suo nome, il file con i confini dei comuni e chi li ha fatti.',
    hint:
      'Aggiungi in rete.yaml, sotto «organizzazione», le righe (con il nome e il file della vostra provincia):\n' +
      'territorio:\n  nome: provincia di ...\n  confini: geo/comuni.topo.json\n  attribuzione: "Confini comunali: openpolis / ISTAT, CC BY 4.0"',
  }),
  boundariesMissing: (file: string, lookedIn: string): Text => ({
    message: `Il file dei confini ${q(file)} non c'è (cercato in ${lookedIn}).`,
    hint: `Controlla il nome (maiuscole e minuscole contano): il percorso parte dalla cartella dei dati. ${OPENPOLIS}`,
  }),
  boundariesUnreadable: (file: string, reason: string): Text => ({
    message: `Il file dei confini ${q(file)} non si può leggere (${reason}).`,
    hint: `Scaricalo di nuovo e salvalo senza modificarlo. ${OPENPOLIS}`,
  }),
  boundariesNotJson: (file: string): Text => ({
    message: `Il file dei confini ${q(file)} non è un file JSON: forse è una pagina web salvata al posto del file, o è stato modificato.`,
    hint: `Scaricalo di nuovo, con «Download raw file» o «Raw». ${OPENPOLIS}`,
  }),
  boundariesNotTopojson: (file: string, geojson: boolean): Text => ({
    message: geojson
      ? `Il file dei confini ${q(file)} è in formato GeoJSON: serve il formato TopoJSON.`
      : `Il file dei confini ${q(file)} non è in formato TopoJSON (manca "type": "Topology" con i suoi "objects" e "arcs").`,
    hint: `Usa il file .topo.json della provincia. ${OPENPOLIS}`,
  }),
  boundariesNoPolygons: (file: string, object: string): Text => ({
    message: `Nel file dei confini ${q(file)} il primo oggetto${object ? ` (${q(object)})` : ''} non contiene poligoni: ci vuole un poligono per ogni comune.`,
    hint: `Usa il file dei comuni («municipalities»), non quello della provincia o della regione. ${OPENPOLIS}`,
  }),
  boundariesNoNames: (file: string, unnamed: number, total: number, first: number): Text => ({
    message: `Nel file dei confini ${q(file)} ${unnamed === 1 ? 'un comune non ha' : `${formatNumber(unnamed)} comuni su ${formatNumber(total)} non hanno`} il nome (la proprietà "name"; il primo è il poligono n. ${formatNumber(first)}).`,
    hint: `Il nome di ogni comune serve per controllare i dati e per la cartina. ${OPENPOLIS}`,
  }),
  boundariesOtherTerritory: (file: string, territory: string, count: number, m: { province?: string; missing: string[]; used: number }): Text => ({
    message: `Il file dei confini ${q(file)} ${m.province ? `è della provincia di ${m.province} (${formatNumber(count)} comuni)` : `(${formatNumber(count)} comuni) non sembra della ${territory}`}, ma il territorio della rete è ${q(territory)}: ${formatNumber(m.missing.length)} dei ${formatNumber(m.used)} comuni scritti nei file degli anni non ci sono (per esempio ${m.missing.slice(0, 3).map(q).join(', ')}).`,
    hint: `Forse è rimasto il file di un'altra rete. Metti in geo/ il file della ${territory} e scrivi il suo nome qui; poi togli quello vecchio. ${OPENPOLIS}`,
  }),
  foreignLetters: (found: string, letters: string[], alphabet: string, meant?: string): Text => ({
    message: `${q(found)} contiene lettere dell'alfabeto ${alphabet} che sembrano latine (${letters.join(', ')}).`,
    hint: `Cancella la parola e riscrivila da tastiera${meant ? `: ${q(meant)}` : ''}. Succede quando si copia da un PDF.`,
  }),
  notAllowed: (found: string, allowed: readonly string[]): Text => ({
    message: `Il valore ${q(found)} non è ammesso qui.`,
    hint: `I valori ammessi sono: ${list(allowed)}.`,
  }),
  yearMismatch: (found: unknown, fromName: number): Text => ({
    message: `Il file si chiama ${fromName}.yaml ma dice "anno: ${String(found)}".`,
    hint: `Se i dati sono del ${fromName}, scrivi "anno: ${fromName}"; altrimenti rinomina il file con l'anno giusto.`,
  }),
  yearTwice: (year: number, first: string, second: string): Text => ({
    message: `Ci sono due file con i dati del ${year}: ${first} e ${second}.`,
    hint: `Tieni un solo file per anno: unisci i dati in ${first} e cancella ${second}.`,
  }),
  duplicateInList: (found: string): Text => ({
    message: `${q(found)} compare due volte nello stesso elenco.`,
    hint: 'Togli la voce ripetuta.',
  }),
  nameWithHiddenCharacters: (found: string, invisible: boolean, meant?: string): Text => ({
    message: invisible
      ? `${q(found)} contiene un carattere invisibile (uno spazio di larghezza zero o simile), quindi non è uguale al nome che sembra.`
      : `${q(found)} ha uno spazio in più (all'inizio, alla fine o due di seguito), quindi non è uguale al nome che sembra.`,
    hint: `Cancella il nome e riscrivilo da tastiera${meant ? `: ${q(meant)}` : ''}. Succede quando si copia da un PDF o da una pagina web.`,
  }),
  districtTwice: (name: string, firstLine: number): Text => ({
    message: `L'ambito ${q(name)} è dichiarato due volte (la prima alla riga ${firstLine}).`,
    hint: 'Ogni ambito si dichiara una volta sola: correggi il nome di uno dei due o cancella la voce ripetuta (le righe «- nome:» e «colore:»).',
  }),
  colourTwice: (colour: string, first: string, second: string): Text => ({
    message: `Gli ambiti ${first} e ${second} hanno lo stesso colore (${colour}): nei grafici non si distinguono.`,
    hint: 'Scegli un colore diverso per uno dei due, per esempio "#2e7d32" (verde) o "#c62828" (rosso).',
  }),
  coloursSameGrey: (first: string, second: string, l1: number, l2: number, districts: number): Text => ({
    message: `Gli ambiti ${first} e ${second} hanno colori che, stampati in bianco e nero, diventano quasi lo stesso grigio (luminosità ${Math.round(l1)} e ${Math.round(l2)} su 100): nella dispensa non si distinguono.`,
    hint: `Scegli per uno dei due un colore più chiaro o più scuro, in modo che le luminosità differiscano di almeno ${lightnessGap(districts)}; per esempio, per ${districts} ambiti: ${spreadPalette(
      districts,
    )
      .map((c) => `"${c.hex}" (${c.name}, ${c.lightness})`)
      .join(', ')}.`,
  }),
  districtColourContrast: (district: string, colour: string, ratio: number, darker: string): Text => ({
    message: `Sul colore ${q(colour)} dell'ambito ${district} i numeri scritti dentro le barre si leggono male: contrasto ${ratio.toFixed(1).replace('.', ',')}:1 sia in bianco sia in nero, sotto il minimo di 4,5:1 (WCAG AA).`,
    hint: `Scegli un colore più scuro (per esempio "${darker}", la stessa tinta: il bianco sopra si legge bene) o più chiaro.`,
  }),
  districtUsedNotDeclared: (name: string, files: readonly string[], times: number, meant?: string): Text => ({
    message: `L'ambito ${q(name)} compare ${times} volte nei file degli anni (${list(files)}), ma in rete.yaml non è dichiarato${meant ? `: qui c'è invece ${q(meant)}` : ''}.`,
    hint: meant
      ? `Se il nome giusto è ${q(name)}, correggi ${q(meant)} in ${q(name)} qui in rete.yaml. Se invece è giusto ${q(meant)}, correggi il nome in tutti i file degli anni.`
      : `Aggiungilo agli ambiti in rete.yaml, con il suo colore (- nome: ${name} e sotto colore: "#......"), oppure toglilo dai file degli anni.`,
  }),
  municipalityInTwoDistricts: (name: string, a: { district: string; line: number }, b: { district: string; line: number }): Text => ({
    message: `Il comune ${q(name)} è elencato due volte: nell'ambito ${a.district} (riga ${a.line}) e nell'ambito ${b.district} (riga ${b.line}).`,
    hint: `Un comune appartiene a un solo ambito: cancella la riga sbagliata, la ${a.line} o la ${b.line}.`,
  }),
  municipalityTwice: (name: string, district: string, first: number, again: number): Text => ({
    message: `Il comune ${q(name)} è elencato due volte tra i comuni con una convenzione dell'ambito ${district} (${first === again ? `riga ${first}` : `righe ${first} e ${again}`}): sarebbe contato due volte nei comuni con una convenzione.`,
    hint: first === again ? 'Togli il nome ripetuto.' : `Cancella una delle due righe, la ${first} o la ${again}.`,
  }),

  // --- consistency with the printed deck (warnings) ---------------------------------------
  yearFileMissing: (year: number, before: number, after: number): Text => ({
    message: `Manca il file del ${year}: gli storici passano dal ${before} al ${after} come se fossero anni vicini${after === year + 1 ? `, e i confronti del ${after} con l'anno prima non compaiono` : ''}.`,
    hint: `Crea ${year}.yaml con i dati di quell'anno (almeno le righe «anno: ${year}» e i soci), oppure, se il file c'è, controlla che si chiami proprio ${year}.yaml e sia nella cartella dei dati.`,
  }),
  seriesGap: (field: string, what: string, year: number, file: string, nextCompares: boolean): Text => ({
    message: `Nel file del ${year} manca ${q(field)}${what === field ? '' : ` (${what})`}, che c'è negli anni prima e dopo: lo storico salta il ${year}${nextCompares ? ` e il ${year + 1} non si confronta con l'anno prima` : ''}.`,
    hint: `Aggiungi ${q(field)} in ${file} con i dati del ${year}, come negli altri anni.`,
  }),
  printedTotal: (what: string, printed: number, computed: number, parts: string): Text => ({
    message: `${what}: il totale stampato è ${formatNumber(printed)}, ma la somma dei dati fa ${formatNumber(computed)} (${parts}).`,
    hint: `La presentazione userà ${formatNumber(computed)}. Se un dato è sbagliato, correggi quello; poi aggiorna o togli il totale stampato.`,
  }),
  totalsDisagree: (what: string, one: string, other: string): Text => ({
    message: `${what}: due modi di contare danno totali diversi: ${one}, ma ${other}.`,
    hint: 'Controlla i numeri: i due totali dovrebbero essere uguali.',
  }),
  printedPercent: (what: string, printed: number, computed: number, detail: string, deckShows?: string): Text => ({
    message: `${what}: la percentuale stampata è ${printed}%, ma dai dati risulta ${formatPercent(computed)} (${detail}).`,
    hint: deckShows
      ? `La presentazione non mostra questa quota: ${deckShows}. Controlla la frase stampata, poi aggiorna o togli la percentuale stampata.`
      : `La presentazione userà ${formatPercent(computed)}. Controlla i dati, poi aggiorna o togli la percentuale stampata.`,
  }),
  printedDifference: (what: string, printed: number, computed: number, detail: string): Text => ({
    message: `${what}: la differenza stampata è ${formatSigned(printed)}, ma dai dati risulta ${formatSigned(computed)} (${detail}).`,
    hint: 'Controlla i dati dei due anni, poi aggiorna o togli la differenza stampata.',
  }),
  printedRatio: (what: string, printed: number, computed: number, detail: string): Text => ({
    message: `${what}: stampato ${formatDecimal(printed)}, ma dai dati risulta ${formatDecimal(computed)} (${detail}).`,
    hint: 'Controlla i dati, poi aggiorna o togli il valore stampato.',
  }),
  /** The hospital accesses split three ways (mobilita_sociale): the shares written, their sum, and the share they split. */
  sharesDoNotAdd: (what: string, shares: readonly { field: string; share: number }[], sum: number, whole: { share: number; part: number; whole: number }): Text => ({
    message: `${what}: le quote scritte fanno ${shares.map((s) => `${s.field} ${formatDecimal(s.share)}%`).join(' + ')} = ${formatDecimal(sum)}%, ma gli accessi a strutture ospedaliere, che dividono, sono il ${formatPercent(whole.share)} dei servizi (${formatNumber(whole.part)} su ${formatNumber(whole.whole)}).`,
    hint: `Controlla le ${shares.length} percentuali: insieme dovrebbero fare ${formatPercent(whole.share)}, salvo un punto di arrotondamento. Se sono giuste, controlla accessi_strutture_ospedaliere e interventi.`,
  }),
  partExceedsWhole: (what: string, part: number, whole: number): Text => ({
    message: `${what}: la parte (${formatNumber(part)}) è più grande del totale di cui fa parte (${formatNumber(whole)}).`,
    hint: 'Controlla i due numeri: forse uno dei due è scritto male.',
  }),
  conventionsFewerThanMunicipalities: (district: string, conventions: number, municipalities: number): Text => ({
    message: `Ambito ${district}: ${conventions} ${plural(conventions, 'convenzione', 'convenzioni')} ma ${municipalities} comuni elencati; ogni comune elencato dovrebbe avere almeno una convenzione.`,
    hint: "Controlla il numero delle convenzioni o l'elenco dei comuni.",
  }),
  volunteersBothWays: (total: number, sum: number): Text => ({
    message: `Volontari: il totale scritto è ${formatNumber(total)}, ma la somma per ambito fa ${formatNumber(sum)}.`,
    hint: 'Se conosci i volontari per ambito, togli il campo "totale": si calcola da solo.',
  }),
  volunteersMissing: (): Text => ({
    message: 'Volontari: manca sia il totale sia la divisione per ambito.',
    hint: 'Scrivi "totale: ..." oppure i volontari di ogni ambito sotto "per_ambito".',
  }),
  historyGap: (what: string, missing: number[]): Text => ({
    message: `${what}: mancano i dati di ${missing.join(', ')}, quindi la serie storica ha un buco.`,
    hint: `Aggiungi i dati nei file ${missing.map((y) => `${y}.yaml`).join(', ')}.`,
  }),

  // --- review: changes that look like typing errors (review.ts) ------------------------------
  suspiciousChange: (flag: 'zero' | 'cifra' | 'terzo', current: number, previous: number, year: number, previousYear: number): Text => {
    const was = `nel ${year} è ${formatNumber(current)}, nel ${previousYear} era ${formatNumber(previous)}`;
    const ratio = ` (${formatSignedPercent((current - previous) / previous)})`;
    if (flag === 'zero') {
      return {
        message: `Il dato è sceso a zero: ${was}.`,
        hint: 'Se il dato manca, scrivilo o togli la riga se il campo è facoltativo; se è davvero zero, ignora questo avviso.',
      };
    }
    const digit = flag === 'cifra' ? `: ha una cifra ${current > previous ? 'in più' : 'in meno'}` : ': è cambiato di più di un terzo';
    return {
      message: `Variazione sospetta: ${was}${ratio}${digit}.`,
      hint:
        flag === 'cifra'
          ? 'Controlla di non aver battuto una cifra in più o in meno; se il numero è giusto, ignora questo avviso.'
          : 'Confronta il numero con il documento di partenza; se è giusto, ignora questo avviso.',
    };
  },

  // --- review: what last year had, a copied file, last year's date and texts (review.ts) -------
  vanished: (v: { field: string; was: VanishedWas }, year: number, previousYear: number): Text => {
    const keys = v.field.split(' › ');
    const key = keys.at(-1)!;
    const parent = keys.length > 1 ? ` sotto ${q(keys.slice(0, -1).join(' › '))}` : '';
    const ignore = `se quest'anno non c'è davvero, ignora questo avviso.`;
    switch (v.was.kind) {
      case 'number':
        return {
          message: `Nel ${previousYear} c'era il dato ${q(v.field)} (${formatNumber(v.was.value)}), nel ${year} manca: quello che lo mostra nella presentazione non compare più.`,
          hint: `Se il dato c'è, aggiungi${parent} la riga "${key}: ..." con il numero del ${year}; ${ignore}`,
        };
      case 'text':
        return {
          message: `Nel ${previousYear} c'era il testo ${q(v.field)} (${q(v.was.value)}), nel ${year} manca.`,
          hint: `Se serve ancora, aggiungi${parent} la riga "${key}: ..." con il testo del ${year}; ${ignore}`,
        };
      case 'group':
        return v.was.section
          ? {
              message: `Nel ${previousYear} c'era la sezione ${q(key)} (${formatNumber(v.was.figures)} ${plural(v.was.figures, 'dato', 'dati')}), nel ${year} manca del tutto: le sue diapositive non compaiono.`,
              hint: `Se la sezione c'è anche quest'anno, copiala dal file del ${previousYear} e scrivi i dati del ${year}; ${ignore}`,
            }
          : {
              message: `Nel ${previousYear} c'era ${q(v.field)} (${formatNumber(v.was.figures)} ${plural(v.was.figures, 'dato', 'dati')}), nel ${year} manca.`,
              hint: `Se c'è anche quest'anno, aggiungi${parent} "${key}:" con i dati del ${year} (come nel file del ${previousYear}); ${ignore}`,
            };
      case 'item':
        return {
          message: `Nel ${previousYear} l'elenco ${q(keys.slice(0, -1).join(' › '))} aveva anche ${q(v.was.name)}${v.was.figures ? ` (${formatNumber(v.was.figures)} ${plural(v.was.figures, 'dato', 'dati')})` : ''}, nel ${year} non c'è più.`,
          hint: `Se manca per errore, aggiungi la voce all'elenco (come nel file del ${previousYear}) con i dati del ${year}; ${ignore}`,
        };
      case 'names':
        return {
          message: `Nel ${previousYear} l'elenco ${q(v.field)} aveva anche ${v.was.names.map(q).join(', ')}; nel ${year} ${v.was.names.length === 1 ? "non c'è più" : 'non ci sono più'}.`,
          hint: `Se ${v.was.names.length === 1 ? 'manca' : 'mancano'} per errore, ${v.was.names.length === 1 ? 'aggiungilo' : 'aggiungili'} all'elenco (una riga "- nome" ciascuno); se non ne fanno più parte, ignora questo avviso.`,
        };
    }
  },
  copiedYear: (equal: number, compared: number, sections: readonly string[] | 'all', year: number, previousYear: number): Text => ({
    message:
      `Il file del ${year} sembra una copia di quello del ${previousYear}: ${formatNumber(equal)} dati su ${formatNumber(compared)} sono uguali a quelli del ${previousYear}` +
      (sections === 'all'
        ? ', in tutte le sezioni.'
        : `${sections.length ? ` (${plural(sections.length, 'è tutta uguale la sezione', 'sono tutte uguali le sezioni')} ${sections.slice(0, 6).map(q).join(', ')}${sections.length > 6 ? ` e altre ${sections.length - 6}` : ''})` : ''}.`),
    hint: `Scrivi i dati del ${year} al posto di quelli del ${previousYear} ("npx assemblea new-year ${year}" crea un file con i numeri da riempire e, accanto, quelli del ${previousYear}). Se i dati sono davvero uguali, ignora questo avviso.`,
  }),
  assemblySameDate: (date: string, year: number, previousYear: number): Text => ({
    message: `La data dell'assemblea (${formatDate(date)}) è la stessa del file del ${previousYear}: forse è rimasta quella dell'anno scorso.`,
    hint: `Scrivi la data dell'assemblea che presenta i dati del ${year} (di solito nella primavera del ${year + 1}), nella forma AAAA-MM-GG.`,
  }),
  assemblyOddYear: (date: string, year: number): Text => ({
    message: `La data dell'assemblea è ${formatDate(date)}, ma i dati del ${year} si presentano di solito nel ${year + 1}.`,
    hint: `Il file ${year}.yaml contiene i dati dell'anno ${year}, presentati all'assemblea della primavera dopo: controlla la data, e che il file abbia il nome dell'anno dei dati. Se la data è giusta, ignora questo avviso.`,
  }),
  textNamesLastYear: (text: string, year: number): Text => ({
    message: `Il testo ${q(text)} parla del ${year - 1}, ma il file è del ${year}: forse è rimasto quello dell'anno scorso.`,
    hint: `Se il testo va aggiornato, correggi l'anno; se parla davvero del ${year - 1}, ignora questo avviso.`,
  }),

  unknownSlide: (id: string, what: 'nota' | 'foto' | 'titolo', ids: readonly string[], near?: string): Text => ({
    message: `C'è ${what === 'titolo' ? 'un' : 'una'} ${what} per la diapositiva «${id}», che non esiste (o non viene mostrata).`,
    hint: near ? `Forse intendevi «${near}»? Il nome della diapositiva è quello dopo # nell'indirizzo della presentazione.` : `Usa il nome di una diapositiva della presentazione: ${ids.join(', ')}.`,
  }),

  slideOverflows: (title: string, number: number, px: number, what: string, field?: string): Text => ({
    message: `La diapositiva ${number} «${title}» è troppo piena: il contenuto esce dal riquadro di ${px} px (da «${what}»).`,
    hint: field ? `Accorcia i testi o gli elenchi del campo ${field}, oppure dividili su due diapositive.` : 'Accorcia i testi o gli elenchi della diapositiva.',
  }),

  // --- content left out ------------------------------------------------------------------
  slideLeftOut: (slide: string, field: string, example?: FieldExample): Text => ({
    message: `La diapositiva "${slide}" non viene mostrata: manca il dato ${q(field)}.`,
    hint: example
      ? `Quando il dato c'è, aggiungi ${placeWords(example.place)} queste righe, con ${example.numbers ? 'i numeri' : 'i valori'} dopo i due punti e uno spazio, e la diapositiva comparirà:`
      : `Quando il dato c'è, aggiungi il campo ${field} nel file dell'anno e la diapositiva comparirà.`,
    ...(example ? { example: example.yaml } : {}),
  }),
} as const;

/** Each kind of warning as the build's grouped summary names it: one line per kind, with a count. */
const WARNING_KINDS: Record<string, [one: string, many: string]> = {
  'diapositiva-omessa': ['diapositiva non mostrata perché manca il dato', 'diapositive non mostrate perché mancano i dati'],
  'totale-diverso': ['totale stampato che non torna con la somma dei dati', 'totali stampati che non tornano con la somma dei dati'],
  'percentuale-diversa': ['percentuale stampata che non torna con i dati', 'percentuali stampate che non tornano con i dati'],
  'differenza-diversa': ['differenza stampata che non torna con i dati', 'differenze stampate che non tornano con i dati'],
  'rapporto-diverso': ['rapporto stampato che non torna con i dati', 'rapporti stampati che non tornano con i dati'],
  'totali-non-tornano': ['dato contato in due modi con totali diversi', 'dati contati in due modi con totali diversi'],
  'quote-non-tornano': ['gruppo di quote che non torna con il suo totale', 'gruppi di quote che non tornano con il loro totale'],
  'parte-maggiore-del-totale': ['parte più grande del suo totale', 'parti più grandi del loro totale'],
  'convenzioni-meno-dei-comuni': ['ambito con meno convenzioni che comuni', 'ambiti con meno convenzioni che comuni'],
  'variazione-sospetta': ["variazione sospetta rispetto all'anno prima", "variazioni sospette rispetto all'anno prima"],
  'dato-scomparso': ["dato dell'anno prima che quest'anno manca", "dati dell'anno prima che quest'anno mancano"],
  'copia-anno-precedente': ["file che sembra una copia dell'anno prima", "file che sembrano copie dell'anno prima"],
  'data-anno-precedente': ["data dell'assemblea uguale a quella dell'anno prima", "date dell'assemblea uguali a quelle dell'anno prima"],
  'data-assemblea-insolita': ["data dell'assemblea in un anno insolito", "date dell'assemblea in un anno insolito"],
  'testo-anno-precedente': ["testo che parla ancora dell'anno prima", "testi che parlano ancora dell'anno prima"],
  'nota-senza-diapositiva': ["nota per una diapositiva che non c'è", 'note per diapositive che non ci sono'],
  'foto-senza-diapositiva': ["foto per una diapositiva che non c'è", 'foto per diapositive che non ci sono'],
  'titolo-senza-diapositiva': ["titolo per una diapositiva che non c'è", 'titoli per diapositive che non ci sono'],
  'file-ignorato': ['file non letto', 'file non letti'],
  'anno-mancante': ['anno mancante tra i file', 'anni mancanti tra i file'],
  'storico-incompleto': ['dato che manca in uno storico', 'dati che mancano negli storici'],
  'voce-ripetuta': ['voce ripetuta in un elenco', 'voci ripetute negli elenchi'],
  'colore-ripetuto': ['colore usato da due ambiti', 'colori usati da due ambiti'],
  'lettere-non-latine': ['nome con lettere non latine', 'nomi con lettere non latine'],
  'sito-mancante': ['indirizzo del sito che manca', 'indirizzi del sito che mancano'],
};

/** "a, b e c". */
const joinAnd = (xs: readonly string[]) => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} e ${xs.at(-1)}`);

/** The files a build made, said as what they are for: "la presentazione (deck.html, deck.pdf), la dispensa
 * da stampare (handout.pdf), il resoconto per il sito (report.html e 16 tabelle in dati/) ...". */
function madeWords(files: readonly string[]): string {
  const has = (f: string) => files.includes(f);
  const deck = ['deck.html', 'deck.pdf', 'deck.pptx'].filter(has);
  const tables = files.filter((f) => f.startsWith('dati/')).length;
  const site = ['report.html', 'anteprima.png'].filter(has);
  if (tables) site.push(`${tables} ${plural(tables, 'tabella', 'tabelle')} in dati/`);
  const parts = [
    ...(deck.length ? [`la presentazione (${deck.join(', ')})`] : []),
    ...(has('handout.pdf') ? ['la dispensa da stampare (handout.pdf)'] : []),
    ...(site.length ? [`il resoconto per il sito (${joinAnd(site)})`] : []),
    ...(has('revisione.html') ? ['la pagina di revisione (revisione.html)'] : []),
  ];
  const said = new Set([...deck, 'handout.pdf', 'report.html', 'anteprima.png', 'revisione.html']);
  const others = files.filter((f) => !said.has(f) && !f.startsWith('dati/'));
  return joinAnd([...parts, ...others]) || 'nessun file';
}

/** What a build's next step is, by the file it names. */
export type OpenFor = 'present' | 'site' | 'print' | 'edit';
const OPEN_FOR: Record<OpenFor, (file: string) => string> = {
  present: (f) => `Apri ${f} per presentare.`,
  site: (f) => `Apri ${f} per vedere la pagina del sito.`,
  print: (f) => `Apri ${f} per stampare la dispensa.`,
  edit: (f) => `Apri ${f} con PowerPoint o LibreOffice per gli ultimi ritocchi.`,
};

/** Texts the program writes besides diagnostics and the terminal's lines: a chart template's mistakes,
 * the live preview's index, the head of a new year's file. */
export const textMsg = {
  chartMistake: (chart: string, detail: string): string => `grafico "${chart}": ${detail}`,
  chartLoadsUrl: (): string => 'il grafico carica dati da un indirizzo; i dati devono venire solo dalla build.',
  chartFieldMissing: (field: string, columns: readonly string[]): string => `il campo "${field}" non c'è nei dati del grafico (campi disponibili: ${columns.join(', ')}).`,
  chartNotANumber: (key: string, dataset: string, value: string): string => `il valore "${key}" di una riga di "${dataset}" non è un numero (${value}).`,
  chartVega: (detail: string, phone = false): string => `Vega ha segnalato un problema${phone ? ' (disegno per il telefono)' : ''}: ${detail}`,
  fileMissing: (): string => 'non esiste',
  isAFolder: (): string => 'è una cartella, non un file',
  fileTooBig: (mb: number): string => `pesa ${mb} MB`,
  previewTitle: (year?: number): string => `Anteprima${year ? ` ${year}` : ''}`,
  previewPages: { 'deck.html': 'Presentazione', 'report.html': 'Resoconto', 'revisione.html': 'Revisione dei dati' } as Record<string, string>,
  previewNothing: (): string => 'Nessuna pagina ancora: correggi gli errori e salva.',
  staleText: (from: number): string => `Controlla: il testo parla del ${from}.`,
  newYearHead: (year: number, from: number): string[] => [
    ` Dati del ${year}, da completare. Creato con "npx assemblea new-year ${year}" copiando la struttura del ${from}.`,
    ' Ogni numero è vuoto: scrivilo dopo i due punti e uno spazio, con le cifre senza punti (1217, non 1.217). Il commento',
    ` accanto, dopo il #, dice che cos'è e quanto era nel ${from}: si può lasciare o cancellare.`,
    ` I testi (titoli, nomi, elenchi di comuni) sono quelli del ${from}: controllali.`,
    " Un dato facoltativo che quest'anno non c'è si toglie con la sua riga.",
    ' "npx assemblea check" elenca i dati che mancano ancora, ciascuno con la sua riga.',
  ],
};

/** What the command line says when it is typed wrong (config.ts): one line each, with what to type. */
export const usageMsg = {
  unknownOption: (name: string, near?: string): string => `Opzione sconosciuta "${name}".${near ? ` Forse intendevi ${near}?` : ''}`,
  valueMissing: (option: string, example = '...'): string => `L'opzione ${option} vuole un valore dopo di sé, per esempio ${option} ${example}.`,
  valueNotWanted: (option: string): string => `L'opzione ${option} non vuole un valore: scrivi solo ${option}.`,
  notAYear: (what: string, found: string): string => `${what}: "${found}" non è un anno (scrivi quattro cifre, per esempio 2025).`,
  unknownCommand: (found: string, commands: readonly string[], near?: string): string =>
    `Comando sconosciuto "${found}".${near ? ` Forse intendevi "${near}"?` : ''} I comandi sono: ${commands.join(', ')}.`,
  yearNeeded: (command: string): string => `${command}: indica l'anno da creare, per esempio "npx assemblea ${command} 2026".`,
  unexpectedArgument: (found: string): string => `Argomento inatteso "${found}".`,
  notAnOutput: (found: string, outputs: readonly string[]): string => `--only: "${found}" non è un risultato; scegli tra ${outputs.join(', ')}.`,
  badHandout: (found: string | undefined): string => `--handout: "${found}" non va bene; scegli 1, 2, 3 o 6 diapositive per pagina, oppure togli l'opzione per il documento da leggere a casa.`,
  badPort: (found: string | undefined): string => `--port: "${found}" non è una porta valida.`,
  badEpoch: (found: string): string => `SOURCE_DATE_EPOCH: "${found}" non è un numero di secondi.`,
  notAvailable: (command: string): string => `Il comando "${command}" non è ancora disponibile.`,
};

/** What the commands say on the terminal besides diagnostics: progress, the live preview, new-year. */
export const say = {
  /** The head of the build's grouped warnings: where the full text is. */
  warningsHead: (n: number, reviewPage?: string): string =>
    `${n} ${plural(n, 'avviso', 'avvisi')} (il testo completo, con file, riga e come correggere: "npx assemblea check"${reviewPage ? ` o ${reviewPage}` : ''}):`,
  /** Above the warnings about earlier years' files: not new, and back in every build until those files change. */
  earlierHead: (n: number, files: readonly string[]): string =>
    `${n} ${plural(n, 'avviso riguarda', 'avvisi riguardano')} i file degli anni precedenti (${files.join(', ')}), non quello di quest'anno: non ${plural(n, 'è nuovo', 'sono nuovi')}, e ${plural(n, 'ricompare', 'ricompaiono')} a ogni costruzione finché quei file restano così. Se li avete già controllati, non serve altro:`,
  /** One kind of warning: `13 diapositive non mostrate perché mancano i dati: A; B; C`. */
  warningGroup: (code: string, items: readonly string[]): string => {
    const [one, many] = WARNING_KINDS[code] ?? [`avviso [${code}]`, `avvisi [${code}]`];
    return `  ${items.length} ${plural(items.length, one, many)}: ${items.join('; ')}`;
  },
  /** The summary line of `check` (and of a build stopped by errors). */
  checked: (files: number | undefined, errors: number, warnings: number, strict: boolean): string => {
    const n = (k: number, one: string, many: string) => `${k} ${plural(k, one, many)}`;
    const counts = `${n(errors, 'errore', 'errori')}, ${n(warnings, 'avviso', 'avvisi')}${strict && warnings ? ' (con --strict gli avvisi contano come errori)' : ''}.`;
    return files === undefined ? `Interrotto: ${counts}` : `Controllati ${n(files, 'file', 'file')}: ${counts}`;
  },
  yearFileExists: (file: string, year: number): Text => ({
    message: `Il file ${q(file)} esiste già: new-year non lo sovrascrive.`,
    hint: `Per completarlo, aprilo e scrivi i dati che mancano ("npx assemblea check" li elenca). Per ricominciare da capo, rinominalo o cancellalo e rilancia "npx assemblea new-year ${year}".`,
  }),
  initExists: (file: string): Text => ({
    message: `Il file ${q(file)} esiste già: init prepara solo una rete nuova e non sovrascrive nulla.`,
    hint: 'Per un anno nuovo di una rete che c\'è già, usa "npx assemblea new-year ANNO". Per ricominciare da capo, sposta i file della rete di prima fuori dalla cartella dei dati.',
  }),
  initWritten: (dir: string, year: number): string =>
    `Creati ${path.join(dir, 'rete.yaml')} e ${path.join(dir, `${year}.yaml`)}, da compilare, e la cartella ${path.join(dir, 'geo')} per i confini dei comuni.\n` +
    `Poi: il file dei confini della provincia in ${path.join(dir, 'geo')}, il suo nome in rete.yaml (territorio › confini); "npx assemblea schema"; "npx assemblea check" dice che cosa manca, riga per riga.`,
  newYearWritten: (file: string, from: number, figures: number, texts = 0): string =>
    `Creato ${file} con la struttura del ${from}: ${figures} ${plural(figures, 'dato da scrivere', 'dati da scrivere')}` +
    `${texts ? ` e ${texts} ${plural(texts, 'data o testo da aggiornare', 'date o testi da aggiornare')}` : ''} (accanto a ciascuno, il valore del ${from}).\n` +
    `Quando hai finito, "npx assemblea check" dice cosa manca ancora.`,
  step: (step: string, ms: number): string => `  ${step.padEnd(20)} ${formatNumber(Math.round(ms)).padStart(6)} ms`,
  /** The end of a build: what was made (said as what it is for, not as 20 file names), where, and what to
   * do next (`open`: the file to open, with what it is for). */
  built: (dir: string, files: readonly string[], ms: number, warnings = 0, strict = false, open?: { file: string; what: OpenFor }): string =>
    `Creati in ${dir} (${formatDecimal(ms / 1000)} s)${warnings ? `, con ${warnings} ${plural(warnings, 'avviso', 'avvisi')}${strict ? ' (con --strict contano come errori)' : ''}` : ''}: ${madeWords(files)}.` +
    (open ? `\n${OPEN_FOR[open.what](open.file)}` : ''),
  /** With --verbose: every file, one a line. */
  builtFiles: (files: readonly string[]): string => ['I file creati:', ...files.map((f) => `  ${f}`)].join('\n'),
  /** After a build that made some outputs only: what is there that does not follow the data. */
  notRemade: (stale: readonly string[], missing: readonly string[]): string =>
    [stale.length ? `Non aggiornati, più vecchi dei dati (sono quelli di prima): ${stale.join(', ')}.` : '', missing.length ? `Non creati: ${missing.join(', ')}.` : ''].filter(Boolean).join('\n'),
  /** A build stopped by Ctrl+C or a kill before it put anything in place. */
  interrupted: (signal: string, outDir: string): string =>
    `Costruzione interrotta (${signal === 'SIGINT' ? 'Ctrl+C' : signal === 'SIGHUP' ? 'terminale chiuso' : `segnale ${signal}`}): nella cartella ${outDir} non è cambiato nulla, i file sono quelli di prima.`,
  builtPartly: (dir: string, files: readonly string[]): string => `Creati comunque in ${dir}: ${madeWords(files)}.`,
  noProject: (cwd: string): string =>
    `Non trovo i dati: ho cercato una cartella «data» in ${cwd} e in ogni cartella sopra, senza trovarla.\n` +
    'Lancia il comando nella cartella del progetto (quella che contiene data/, dove hai scaricato assemblea) o in una sua sottocartella, oppure indica la cartella dei dati con --data. Per una rete nuova, "npx assemblea init ANNO" prepara la cartella data/.',
  version: (v: string): string => `assemblea ${v}`,
  helpPointer: (command: string): string => `Per l'aiuto: npx assemblea ${command} --help`,
  portInUse: (port: number): string => `La porta ${port} è già usata (forse c'è già un'anteprima aperta): chiudila, oppure scegli un'altra porta con --port ${port + 1}.`,
  devListening: (url: string, watched: readonly string[]): string =>
    `Anteprima su ${url}\nControllo le modifiche in ${watched.join(' e ')}: a ogni salvataggio la pagina si aggiorna da sola. Ctrl+C per smettere.`,
  devRebuilt: (ms: number, warnings: number): string =>
    `Aggiornata in ${formatNumber(Math.round(ms))} ms${warnings ? ` (${warnings} ${plural(warnings, 'avviso', 'avvisi')}: vedi revisione.html o "npx assemblea check")` : ''}.`,
  devFailed: (errors: number): string => `Anteprima ferma: ${errors} ${plural(errors, 'errore', 'errori')} da correggere (qui sopra e nel browser). La pagina si aggiorna quando li correggi.`,
  devStopped: (): string => 'Anteprima chiusa.',
  devOverlayTitle: (): string => "Errori nei dati: l'anteprima mostra ancora la versione di prima",
  devOverlayFooter: (): string => 'Correggi il file e salvalo: la pagina si aggiorna da sola.',
  devNotFound: (name: string): string => `Qui non c'è «${name}». Le pagine dell'anteprima sono elencate all'indirizzo /.`,
} as const;

/** Speaker notes written by the build (not diagnostics). */
export const noteText = {
  /** One sentence for the president where the slide differs from the printed document. */
  printed: (p: { what: string; printed: string; computed: string; detail: string }): string => `Nel documento era stampato ${p.printed} (${p.what}): dai dati risulta ${p.computed}, ${p.detail}.`,
};

/** A network's own templates (data/modelli/), its theme and its site address (issue 13). */
export const themeMsg = {
  templateMistake: (detail: string): Text => ({
    message: `Errore nel modello: ${detail}`,
    hint: 'Correggi il file alla riga indicata; se il file è in modelli/ nella cartella dei dati, puoi anche toglierlo per tornare al modello del pacchetto.',
  }),
  unknownSlideKind: (found: string, kinds: readonly string[], near: string | undefined): Text => ({
    message: `Il tipo di diapositiva ${q(found)} non esiste: nessun modello in templates/slides/ si chiama così.`,
    hint: `${near ? `Forse intendevi ${q(near)}? ` : ''}I tipi sono: ${list(kinds)}.`,
  }),
  strayTemplate: (file: string, near: string | undefined): Text => ({
    message: `Il file ${q(file)} non prende il posto di nessun modello del pacchetto, quindi non viene usato.`,
    hint: near
      ? `Forse intendevi ${q(near)}: rinomina o sposta il file con lo stesso percorso.`
      : 'Un file in modelli/ deve avere lo stesso percorso di un file della cartella templates/ del pacchetto (per esempio modelli/slides.yaml o modelli/slides/chart.hbs).',
  }),
  /** rete.yaml has no `sito:`: what the pages that would show it lack, and the line to add. */
  siteMissing: (uses: { handout: boolean; report: boolean }): Text => ({
    message: `In rete.yaml manca l'indirizzo del sito (${q('sito')}). Finché non c'è, ${joinAnd([
      ...(uses.handout ? ["la prima pagina della dispensa stampata non ha l'indirizzo del resoconto né il codice QR per aprirlo con il telefono"] : []),
      ...(uses.report ? ["il resoconto non ha il suo indirizzo completo (serve a WhatsApp e ai social per mostrarne l'anteprima)"] : []),
    ])}.`,
    hint: "Se il resoconto va su un sito, aggiungi sotto «organizzazione:» la riga sito: con l'indirizzo completo della cartella dove finiscono i file dell'anno (comincia con https://; {anno} sta per l'anno), per esempio:",
    example: 'sito: https://www.auser.example.it/assemblea/{anno}/',
  }),
  lowContrast: (colour: string, background: string, ratio: number, suggestion: string): Text => ({
    message: `Il colore ${q(colour)} su ${background === '#ffffff' ? 'bianco' : `fondo ${q(background)}`} ha un contrasto di ${ratio.toFixed(1).replace('.', ',')}:1, sotto il minimo di 4,5:1 (WCAG AA): il testo in questo colore, o su questo colore, si legge male, soprattutto da lontano e stampato.`,
    hint: `Scegli un colore più scuro, per esempio "${suggestion}" (la stessa tinta, più scura).`,
  }),
  fontMissing: (file: string): Text => ({
    message: `Non trovo il file del carattere ${q(file)} nella cartella dei dati.`,
    hint: 'Controlla il nome del file (maiuscole e minuscole contano) e che il percorso parta dalla cartella dei dati, come "caratteri/MioCarattere.woff2".',
  }),
  fontOutside: (file: string): Text => ({
    message: `Il file del carattere ${q(file)} è fuori dalla cartella dei dati.`,
    hint: 'Copia il file nella cartella dei dati (per esempio in data/caratteri/) e scrivi il percorso da lì.',
  }),
  fontType: (file: string): Text => ({
    message: `Il file ${q(file)} non è un carattere che le pagine possano usare (servono WOFF2, WOFF o TTF), oppure è rovinato.`,
    hint: 'Usa il file .woff2 (o .woff, .ttf) del carattere, come si scarica per esempio da Google Fonts; senza «carattere» si usa Titillium Web.',
  }),
};
