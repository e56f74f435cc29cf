/** The one walk over the year schema that validate, new-year and the plain-Italian labels share. */
import { describe, expect, it } from 'vitest';
import { newYearFile } from '../src/new-year.js';
import { fieldLabel, yearSchema } from '../src/schema.js';
import { schemaAt, walkPath } from '../src/schema-walk.js';
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
