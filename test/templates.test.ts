/** Template files read on every build of the live preview: parsed again only when they changed. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readYamlTemplate, TemplateError } from '../src/templates.js';

let dir: string;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('readYamlTemplate', () => {
  it('reuses what it parsed while the file is unchanged, and sees every change', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'assemblea-templates-'));
    const file = path.join(dir, 'slides.yaml');
    const schema = z.array(z.strictObject({ id: z.string() }));
    await writeFile(file, '- id: apertura\n- id: soci\n');
    const first = await readYamlTemplate(file, schema);
    const again = await readYamlTemplate(file, schema);
    expect(again.value).toEqual([{ id: 'apertura' }, { id: 'soci' }]);
    expect(again.value).toBe(first.value); // not parsed a second time
    expect(again.lineOf([1, 'id'])).toBe(2);

    await writeFile(file, '- id: apertura\n- id: volontari\n- id: soci\n');
    const changed = await readYamlTemplate(file, schema);
    expect(changed.value).toEqual([{ id: 'apertura' }, { id: 'volontari' }, { id: 'soci' }]);
    expect(changed.lineOf([2, 'id'])).toBe(3);

    // A mistake is reported every time, with its line, not remembered as a good result.
    await writeFile(file, '- id: apertura\n- id: [soci\n');
    for (let i = 0; i < 2; i++) {
      const e = await readYamlTemplate(file, schema).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(TemplateError);
      expect((e as TemplateError).line).toBeGreaterThanOrEqual(2);
    }
    // Another schema over the same text is checked on its own.
    await writeFile(file, '- id: apertura\n');
    await readYamlTemplate(file, schema);
    await expect(readYamlTemplate(file, z.array(z.strictObject({ id: z.number() })))).rejects.toBeInstanceOf(TemplateError);
  });
});
