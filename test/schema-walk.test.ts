/** The one walk over the year schema that validate, new-year and the plain-Italian labels share. */
import { describe, expect, it } from 'vitest';
import { newYearFile } from '../src/new-year.js';
import { fieldLabel, yearSchema } from '../src/schema.js';
import { schemaAt, walkPath, yamlExample } from '../src/schema-walk.js';
import { requirementAt } from '../src/validate.js';
import { loadedWith } from './support.js';

const schema = yearSchema({ districts: ['Cremasco', 'Cremonese', 'Casalasco'], municipalities: ['Crema', 'Cremona'] });

describe('walkPath', () => {
  it('says at each step what governs it: description, optional, a name or a field', () => {
    const steps = walkPath(schema, ['volontari', 'per_ambito', 'Cremasco']);
    expect(steps.map((s) => ({ key: s.key, optional: s.optional, isName: s.isName, description: s.description }))).toEqual([
      { key: 'volontari', optional: true, isName: false, description: expect.stringMatching(/^Volontari/) },
      { key: 'per_ambito', optional: true, isName: false, description: 'Volontari per ambito (facoltativo).' },
      { key: 'Cremasco', optional: false, isName: true, description: undefined },
    ]);
    expect(steps[2].schema && (steps[2].schema._zod.def as { type: string }).type).toBe('number');
  });

  it('goes through lists by index and stops off the schema', () => {
    expect(walkPath(schema, ['progetti', 0, 'titolo']).map((s) => s.isName)).toEqual([false, true, false]);
    expect(schemaAt(schema, ['soci', 'nessuno', 'altro'])).toBeUndefined();
  });
});

describe('validate, new-year and the labels read the same walk', () => {
  it('a blank optional figure: may be left out (validate), labelled and commented with the same description', async () => {
    const year = `anno: 2025\nvolontari:\n  per_ambito:\n    Cremasco: 10\n    Cremonese: 20\n    Casalasco: 5\n`;
    const loaded = await loadedWith({ '2025.yaml': year });
    const made = newYearFile({ year: 2025, source: loaded.years[0].source }, 2026, schema);
    // The comment new-year writes above per_ambito is the description the walk finds there...
    expect(made.text).toContain('# Volontari per ambito (facoltativo).');
    // ...which is the label check uses for the same field, and the field may be left out as a whole.
    expect(fieldLabel(['volontari', 'per_ambito', 'Cremasco'])).toBe('Volontari per ambito › Cremasco');
    expect(requirementAt(schema, ['volontari', 'per_ambito'])).toEqual({ optional: true });
    expect(requirementAt(schema, ['volontari', 'per_ambito', 'Cremasco'])).toEqual({ optional: false, section: ['volontari', 'per_ambito'] });
  });
});

describe('yamlExample: the lines to copy for a missing field, from the schema', () => {
  const names = { districts: ['Cremasco', 'Cremonese', 'Casalasco'] };

  it('a table by district under a group already in the file: a line per district, at the given indentation, values blank', () => {
    expect(yamlExample(schema, ['aiuto_alla_persona', 'consegne'], 1, 2, names)).toEqual({ yaml: '  consegne:\n    Cremasco:\n    Cremonese:\n    Casalasco:', numbers: true });
  });

  it('a whole section missing: its key, the fields it requires beside the one asked for, with their descriptions', () => {
    expect(yamlExample(schema, ['mobilita_sociale', 'assistiti_per_ambito'], 0, 0, names)?.yaml).toBe(
      [
        'mobilita_sociale:',
        '  interventi: # Servizi (interventi) di mobilità sociale in tutto',
        '  accessi_strutture_ospedaliere: # Di cui accessi a strutture ospedaliere',
        '  assistiti_per_ambito:',
        '    Cremasco:',
        '    Cremonese:',
        '    Casalasco:',
      ].join('\n'),
    );
  });

  it('a list of items: one item, its first field on the dash; a table by municipality: one line, a real name', () => {
    expect(yamlExample(schema, ['officine_aiuto'], 0, 0, names)).toEqual({
      yaml: "officine_aiuto:\n  - nome: # Nome dell'officina\n    comune: # Il comune, con il nome ufficiale ISTAT\n    volontari:\n    ore: # Ore di volontariato",
      numbers: false,
    });
    expect(yamlExample(schema, ['unipop', 'corsi_per_comune'], 1, 2, names)?.yaml).toBe('  corsi_per_comune:\n    Crema:');
  });

  it('nothing for a path off the schema (a figure, not a field)', () => {
    expect(yamlExample(schema, ['members', 'history'], 0, 0, names)).toBeUndefined();
  });
});
