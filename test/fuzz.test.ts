import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { configForFile, loadConfig } from '../src/config/load.js';
import { auditText, type AuditedFile } from '../src/engine/engine.js';
import { decodeJourneyBytes } from '../src/files/read.js';
import { builtinRules } from '../src/rules/index.js';
import { journeyArbitrary, journeyText, mutate, mutationsArbitrary, type GeneratedJourney } from './fuzz/arbitraries.js';
import { runCli, stackTracePattern } from './support/cli.js';

/**
 * Property-based tests. `npm test` runs a few hundred cases per property (about 30 s in all);
 * `npm run fuzz` runs the same properties with JOURNEY_AUDIT_FUZZ_RUNS cases each.
 */
const runs = Number(process.env.JOURNEY_AUDIT_FUZZ_RUNS ?? 0);
const fuzzing = runs > 0;
const inProcessRuns = fuzzing ? runs : 300;
const cliRuns = fuzzing ? 200 : 6;
// 100,000 random journeys take about 35 minutes on a quiet core and over an hour on a busy machine.
const timeout = fuzzing ? 6 * 3_600_000 : 60_000;

const config = configForFile(loadConfig(undefined, builtinRules, process.cwd()), 'fuzz.journey.yaml');
const audit = (text: string): AuditedFile => auditText(text, { file: 'fuzz.journey.yaml', config, rules: builtinRules });

function positionProblems(result: AuditedFile, text: string): string[] {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  return result.findings
    .filter((finding) => !(finding.line >= 1 && finding.line <= lineCount && finding.column >= 1 && finding.endLine >= finding.line))
    .map((finding) => `${finding.line}:${finding.column}-${finding.endLine}:${finding.endColumn} ${finding.ruleId} ${finding.message} (file has ${lineCount} lines)`);
}

const fixtureRoots = [path.join(import.meta.dirname, 'fixtures'), path.join(import.meta.dirname, '..', 'examples')];
function yamlFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}
const seeds = fixtureRoots.flatMap(yamlFiles).map((file) => readFileSync(file));

const report = (name: string, started: number, count: number) => {
  if (fuzzing) process.stdout.write(`${name}: ${count} cases in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
};

const fingerprints = (audited: AuditedFile) => [...new Set(audited.findings.map((finding) => `${finding.ruleId} ${finding.fingerprint}`))].sort();

describe('random valid journeys', () => {
  it('keep their fingerprints when reordered: the counterexamples fuzzing once found', () => {
    const examples = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'fuzz', 'step-order-counterexamples.json'), 'utf8')) as GeneratedJourney[];
    for (const journey of examples) {
      const reversed = journey.steps.map((_, index) => journey.steps.length - 1 - index);
      expect(fingerprints(audit(journeyText(journey, reversed)))).toEqual(fingerprints(audit(journeyText(journey))));
    }
  });

  it(
    'audit without throwing, with every finding inside the file, and fingerprints that do not depend on step order',
    () => {
      const started = performance.now();
      fc.assert(
        fc.property(journeyArbitrary, fc.infiniteStream(fc.nat()), (journey, randomness) => {
          const text = journeyText(journey);
          const result = audit(text);
          expect(positionProblems(result, text)).toEqual([]);
          expect(result.findings.filter((finding) => finding.category === 'input' && !finding.message.includes('probabilit')).map((finding) => finding.message)).toEqual([]);
          // The same journey with its steps listed in another order.
          const keys = journey.steps.map(() => randomness.next().value as number);
          const order = journey.steps.map((_, index) => index).sort((a, b) => keys[a]! - keys[b]! || a - b);
          const shuffledText = journeyText(journey, order);
          const shuffled = audit(shuffledText);
          expect(positionProblems(shuffled, shuffledText)).toEqual([]);
          expect(fingerprints(shuffled)).toEqual(fingerprints(result));
        }),
        { numRuns: inProcessRuns },
      );
      report('random valid journeys', started, inProcessRuns);
    },
    timeout,
  );
});

describe('mutated fixture bytes', () => {
  it(
    'never throw in process, and every finding stays inside the file',
    () => {
      const started = performance.now();
      fc.assert(
        fc.property(fc.nat(seeds.length - 1), mutationsArbitrary, (seedIndex, mutations) => {
          const bytes = mutate(seeds[seedIndex]!, mutations);
          const read = decodeJourneyBytes(bytes);
          if (!read.ok) {
            expect(read.message).toMatch(/binary|UTF-8|UTF-16/);
            return;
          }
          const result = audit(read.text);
          expect(positionProblems(result, read.text)).toEqual([]);
        }),
        { numRuns: inProcessRuns * 6 },
      );
      report('mutated fixture bytes', started, inProcessRuns * 6);
    },
    timeout,
  );

  const scratch = mkdtempSync(path.join(tmpdir(), 'journey-audit-fuzz-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it(
    'through the CLI: exit 0, 1 or 2 and never a stack trace',
    () => {
      const started = performance.now();
      let run = 0;
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.nat(seeds.length - 1), mutationsArbitrary), { minLength: 1, maxLength: 8 }), (cases) => {
          const prefix = `run-${run++}`;
          const names = cases.map(([seedIndex, mutations], index) => {
            const file = path.join(scratch, `${prefix}-case-${index}.journey.yaml`);
            writeFileSync(file, mutate(seeds[seedIndex]!, mutations));
            return file;
          });
          const result = runCli(['audit', '--format', 'json', ...names]);
          expect(result.stderr).not.toMatch(stackTracePattern);
          expect([0, 1, 2]).toContain(result.status);
          expect(() => JSON.parse(result.stdout)).not.toThrow();
        }),
        { numRuns: cliRuns },
      );
      report('CLI runs over mutated files', started, cliRuns);
    },
    timeout,
  );
});
