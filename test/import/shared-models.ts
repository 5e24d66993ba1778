import { existsSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '../support/cli.js';

/**
 * The public BPMN models live beside the repository, never in it: JOURNEY_AUDIT_SHARED, else `<repo>/../shared`
 * (a main checkout) or `<repo>/../../shared` (a worktree under wt/).
 */
export function sharedFolder(): string | undefined {
  const candidates = [process.env.JOURNEY_AUDIT_SHARED, path.resolve(repositoryRoot, '..', 'shared'), path.resolve(repositoryRoot, '..', '..', 'shared')];
  return candidates.find((folder): folder is string => folder !== undefined && existsSync(path.join(folder, 'bpmn-models')));
}

export const modelsFolder = (() => {
  const shared = sharedFolder();
  return shared === undefined ? undefined : path.join(shared, 'bpmn-models');
})();

export const skipReason = 'the shared BPMN models folder (../shared/bpmn-models or JOURNEY_AUDIT_SHARED) does not exist here';
