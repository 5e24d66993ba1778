import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The shared test data folder (event logs, BPMN models), never copied into the repository: JOURNEY_AUDIT_SHARED when
 * set, else the first of <repo>/../shared and <repo>/../../shared that exists (a worktree sits one level deeper).
 */
export function sharedFolder(repoRoot: string): string | undefined {
  const candidates = [process.env.JOURNEY_AUDIT_SHARED, path.resolve(repoRoot, '..', 'shared'), path.resolve(repoRoot, '..', '..', 'shared')];
  return candidates.find((candidate): candidate is string => candidate !== undefined && candidate !== '' && existsSync(candidate));
}
