import { defineConfig } from 'vitest/config';

/**
 * Three projects, so a developer runs the fast part alone (`npx vitest run --project unit`, seconds) and sees where
 * the time goes: unit tests call the code directly; end-to-end tests spawn the built CLI (npm test builds first);
 * browser tests draw and print in headless Chromium (and processes killed mid-write, FIFOs, hostile folders count as
 * end-to-end too). The machine is shared by several builds at once: a test gets a minute before it is called stuck,
 * never a speed target (those live in bench/).
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
  'test/robustness.test.ts',
  'test/plugins.test.ts',
  'test/terminal-safety.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...browser, ...endToEnd] } },
      { extends: true, test: { name: 'e2e', include: endToEnd, exclude: browser } },
      { extends: true, test: { name: 'browser', include: browser } },
    ],
  },
});
