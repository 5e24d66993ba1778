import type { LoadedConfig } from '../config/load.js';
import { InputFiles } from '../util/atomic-write.js';

/**
 * Every file a run reads: the journeys, each config layer, the plugins and rule files, and the baseline.
 * No output may replace one of them, whatever path, link or hard link names it.
 */
export function runInputFiles(config: LoadedConfig, journeyFiles: Iterable<string>, baseline?: string): InputFiles {
  const inputs = new InputFiles(journeyFiles);
  for (const file of [...config.extendsChain, ...config.plugins]) inputs.add(file);
  if (config.file) inputs.add(config.file);
  if (baseline !== undefined) inputs.add(baseline);
  return inputs;
}
