// The pack's own tests: journey-audit's RuleTester under node:test (`npm test` here runs `node --test test/`, which runs
// every .js file under test/; the name has no .test. so the repository's vitest run leaves this node:test file alone).
import { describe, it } from 'node:test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleTester } from 'journey-audit';
import pack from '../index.js';

// node:test has no global describe/it: hand them to RuleTester, as with ESLint's.
RuleTester.describe = describe;
RuleTester.it = it;

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const tester = new RuleTester();

tester.run('max-fee', pack.rules['max-fee'], {
  valid: [
    { file: path.join(fixtures, 'valid-small-fee.journey.yaml') },
    { code: 'journey: j\nsteps:\n  - id: pay\n    fee: 40 EUR\n    next: done\n  - id: done\n    kind: end\n', options: { max: 50 } },
  ],
  invalid: [
    { file: path.join(fixtures, 'invalid-expensive-and-foreign-fees.journey.yaml') },
    {
      code: 'journey: j\nsteps:\n  - id: pay\n    fee: 40 EUR\n    next: done\n  - id: done\n    kind: end\n',
      errors: [{ messageId: 'tooHigh', message: "step 'pay' charges 40 EUR, more than the 10 EUR ACME allows", line: 4, column: 10 }],
    },
  ],
});

tester.run('no-paper-forms', pack.rules['no-paper-forms'], {
  valid: ['journey: j\nsteps:\n  - id: form\n    channel: web\n    collects: [address]\n    next: done\n  - id: done\n    kind: end\n'],
  invalid: [{ file: path.join(fixtures, 'invalid-form-by-mail.journey.yaml') }],
});
