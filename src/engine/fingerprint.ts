import { createHash } from 'node:crypto';

/**
 * A finding's identity across edits: journey id, rule id, the steps involved and the message
 * data. Never positions, so inserting, moving or reformatting unrelated steps keeps it.
 */
export function fingerprintOf(parts: {
  journey: string;
  ruleId: string;
  steps: readonly string[];
  data: Readonly<Record<string, unknown>> | undefined;
}): string {
  const data = parts.data ? Object.keys(parts.data).sort().map((key) => `${key}=${String(parts.data![key])}`) : [];
  const text = [parts.journey, parts.ruleId, parts.steps.join(','), data.join('&')].join('\u0000');
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}
