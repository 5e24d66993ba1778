import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Projects, so a developer runs the fast part alone (`npx vitest run --project 'unit*'`, seconds) and sees where the
 * time goes (docs/architecture.md, "Checks"):
 * - unit (and unit-isolated, see `mocking`): calls the code directly, on small inputs; no process, no browser, no
 *   database, no layout engine.
 * - slow: in process too, but heavy: property tests over thousands of random documents, journeys of 20,000 to 100,000
 *   steps, whole corpora (fixtures, real processes, public BPMN models), the reference implementations compared.
 * - e2e: spawns the built CLI (npm test builds first), packs the tarball, runs tsc, loads DuckDB or the layout engine
 *   (elkjs); processes killed mid-write, FIFOs and hostile folders count as end-to-end too.
 * - browser: draws and prints in headless Chromium.
 * The machine is shared by several builds at once: a test gets a minute before it is called stuck, never a speed
 * target (those live in bench/).
 */
const browser = ['test/render/browser.test.ts', 'test/cli/render.test.ts', 'test/cli/report.test.ts', 'test/nothing-lost.test.ts'];
const endToEnd = [
  'test/cli/**/*.test.ts',
  'test/atomic-write.test.ts',
  'test/render/elk-code-cache.test.ts',
  'test/faults.test.ts',
  'test/fuzz.test.ts',
  'test/hostile.test.ts',
  'test/install.test.ts',
  'test/package.test.ts',
  'test/plugins.test.ts',
  'test/robustness.test.ts',
  'test/rule-pack.test.ts',
  'test/terminal-safety.test.ts',
  // DuckDB reads the event logs.
  'test/replay/replay.test.ts',
  'test/replay/rules.test.ts',
  // elkjs lays out the blueprints.
  'test/render/blueprint.test.ts',
  'test/render/blueprint-overlay.test.ts',
];
const slow = [
  'test/broken-rules-scale.test.ts',
  'test/capabilities-scale.test.ts',
  'test/channel-rules-scale.test.ts',
  'test/import/bpmn.test.ts',
  'test/import/fuzz.test.ts',
  'test/json-pieces.test.ts',
  'test/model/equivalence.test.ts',
  'test/model/large-journey.test.ts',
  'test/model/relations.test.ts',
  'test/output-stability.test.ts',
  'test/parse/fast-yaml-agreement.test.ts',
  'test/parse/parser-fuzz.test.ts',
  'test/real-processes.test.ts',
  'test/suggest.test.ts',
];

/**
 * Test files that replace a module (`vi.mock`, `vi.doMock`) need a module graph of their own: the unit project shares
 * one per worker between its files, where the real module may already be loaded. Found by reading the files, so a new
 * one lands in the right project by itself.
 */
const testFolder = path.join(import.meta.dirname, 'test');
const mocking = readdirSync(testFolder, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts') && /\bvi\.(?:doM|m)ock\(/.test(readFileSync(path.join(testFolder, file), 'utf8')))
  .map((file) => path.posix.join('test', ...file.split(path.sep)));

export default defineConfig({
  test: {
    testTimeout: 60_000,
    projects: [
      // Unit tests call pure code and leave no state behind, so their files share one module graph per worker
      // (isolate: false): importing the engine once per worker, not once per file, is most of their time saved.
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...browser, ...endToEnd, ...slow, ...mocking], isolate: false } },
      { extends: true, test: { name: 'unit-isolated', include: mocking, exclude: [...browser, ...endToEnd, ...slow] } },
      { extends: true, test: { name: 'slow', include: slow } },
      { extends: true, test: { name: 'e2e', include: endToEnd, exclude: browser } },
      { extends: true, test: { name: 'browser', include: browser } },
    ],
  },
});
