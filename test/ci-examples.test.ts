import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildProgram } from '../src/cli/main.js';
import { formatters } from '../src/formatters/index.js';

const root = path.join(import.meta.dirname, '..');
const files = ['examples/ci/github-actions.yml', 'examples/ci/gitlab-ci.yml', 'README.md'];

/** Every `journey-audit …` command line in the CI examples and docs. */
function commandLines(text: string): string[] {
  return [...text.matchAll(/(?:^|[\s:])journey-audit((?: +--[a-z][^\s|#]*(?: +[^-\s|#][^\s|#]*)?)+)/gm)].map((match) => match[1]!.trim());
}

describe('the CI examples', () => {
  const audit = buildProgram().commands.find((command) => command.name() === 'audit')!;
  const known = new Set(audit.options.flatMap((option) => [option.long, option.short].filter(Boolean)));

  for (const file of files) {
    it(`${file} uses only options and formats that exist`, () => {
      const text = readFileSync(path.join(root, file), 'utf8');
      if (file.endsWith('.yml')) expect(() => parse(text)).not.toThrow();
      const lines = commandLines(text);
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines) {
        const words = line.split(/\s+/);
        for (const [index, word] of words.entries()) {
          if (word.startsWith('-')) expect(known, `${word} in: journey-audit ${line}`).toContain(word.split('=')[0]);
          if (word === '--format') expect(Object.keys(formatters)).toContain(words[index + 1]);
        }
      }
    });
  }

  it('the pre-commit hook runs journey-audit on journey files', () => {
    const [hook] = parse(readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, string>>;
    expect(hook).toMatchObject({ id: 'journey-audit', entry: 'journey-audit', language: 'node' });
    const pattern = new RegExp(hook!.files!);
    expect(['journeys/refund.journey.yaml', 'a.journey.yml'].every((name) => pattern.test(name))).toBe(true);
    expect(pattern.test('journey-audit.config.yaml')).toBe(false);
  });
});
