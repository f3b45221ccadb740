import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedDocs } from '../../src/build/docs.ts';

describe('generated docs', () => {
  it.each(generatedDocs.map((doc) => [doc.file, doc.render] as const))('%s matches the code (run npm run docs)', (file, render) => {
    expect(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')).toBe(render());
  });
});
