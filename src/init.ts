/** A new network's first files, from the schema: rete.yaml to fill in (organisation, territory, districts)
 * and the first year's file with every section named and described, all blank. Pure: commands.ts writes
 * them. `check` then lists, with file and line, what is left to write. */
import { sectionLabel, YEAR_FIELDS } from './schema.js';

/** rete.yaml's skeleton: every field a new network must write, blank, each with what it holds. */
export function networkSkeleton(): string {
  return `# yaml-language-server: $schema=./schema/rete.schema.json
# La rete: i dati che valgono per tutti gli anni. Scrivete dopo i due punti; "npx assemblea check" dice
# che cosa manca ancora, con il numero di riga.
organizzazione:            # il nome, come in copertina: per esempio Auser Lodi
territorio:
  nome:                    # come si legge in una frase: per esempio provincia di Lodi
  confini:                 # il file dei confini in geo/, per esempio geo/limits_P_98_municipalities.topo.json
  attribuzione: "Confini comunali: openpolis / ISTAT, CC BY 4.0"
# Gli ambiti: da 2 a 8, ognuno con il nome (come lo scrivete nei file degli anni) e il colore.
# "npx assemblea check" propone colori che si distinguono anche stampati in bianco e nero.
ambiti:
  - nome:
    colore:                # tra virgolette, per esempio "#3c1a76"
  - nome:
    colore:
`;
}

/** The first year's file: the year and the assembly to fill in; every other section listed as a
 * comment with what it holds (from the schema), to be written when its figures are there. */
export function firstYearSkeleton(year: number): string {
  const optional = YEAR_FIELDS.filter((k) => k !== 'anno' && k !== 'assemblea');
  return `# yaml-language-server: $schema=./schema/anno.schema.json
# I dati del ${year}. Si scrivono solo i dati: totali, differenze e percentuali si calcolano da soli.
# Ogni sezione qui sotto è facoltativa: togliete il # davanti a quelle di cui avete i dati e scrivetele
# (l'editor con lo schema propone i campi). Una sezione che manca è una diapositiva che non compare.
anno: ${year}

assemblea:
  titolo:                  # per esempio Assemblea dei soci e dei delegati
  data:                    # nella forma AAAA-MM-GG, per esempio ${year + 1}-05-16

${optional.map((k) => `# ${k}:  ${sectionLabel(k)}`).join('\n')}
`;
}
