import { createFolder, WriteError } from '../util/atomic-write.js';

/**
 * Creates the folder a command writes into (`--out`), parents first; when it cannot, says why in one line
 * ("cannot create FOLDER: the file system is read-only (EROFS)") and returns false.
 */
export function makeOutputFolder(folder: string, say: (text: string) => void): boolean {
  try {
    createFolder(folder);
    return true;
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    say(error.message);
    return false;
  }
}
