// Preload (node --import) that records which modules a run loads: ES modules through a resolve hook,
// CommonJS modules (required from ES modules) from the require cache when the process exits.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

register('./import-log-hooks.mjs', import.meta.url);
const require = createRequire(import.meta.url);
process.on('exit', () => {
  if (process.env.JOURNEY_AUDIT_IMPORT_LOG) appendFileSync(process.env.JOURNEY_AUDIT_IMPORT_LOG, Object.keys(require.cache).map((file) => `file://${file}\n`).join(''));
});
