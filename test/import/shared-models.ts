import { existsSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '../support/cli.js';
import { sharedFolder } from '../support/shared.js';

/** The public BPMN models live in the shared folder beside the repository, never in it. */
export const modelsFolder = (() => {
  const shared = sharedFolder(repositoryRoot);
  const folder = shared === undefined ? undefined : path.join(shared, 'bpmn-models');
  return folder !== undefined && existsSync(folder) ? folder : undefined;
})();

export const skipReason = 'the shared BPMN models folder (../shared/bpmn-models or JOURNEY_AUDIT_SHARED) does not exist here';
