// Module hooks that append every resolved module URL to $JOURNEY_AUDIT_IMPORT_LOG.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (process.env.JOURNEY_AUDIT_IMPORT_LOG) appendFileSync(process.env.JOURNEY_AUDIT_IMPORT_LOG, `${result.url}\n`);
  return result;
}
