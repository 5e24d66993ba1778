import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** Where the browser was found, or why none was. */
export type BrowserLocation = { ok: true; executablePath: string; source: string } | { ok: false; message: string };

const wellKnownNames = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** /usr/bin first, then the folders on PATH. */
function defaultFolders(env: NodeJS.ProcessEnv): string[] {
  return ['/usr/bin', ...(env.PATH ?? '').split(path.delimiter).filter((folder) => folder !== '' && folder !== '/usr/bin')];
}

const installHint =
  "install Chromium (Debian/Ubuntu: 'apt-get install chromium'), or point JOURNEY_AUDIT_BROWSER (or --browser) at a Chrome or Chromium executable";

/**
 * Finds a Chromium-family browser: --browser, JOURNEY_AUDIT_BROWSER, PUPPETEER_EXECUTABLE_PATH, then
 * the well-known names in /usr/bin and on PATH. A path given explicitly that does not work is an
 * error of its own: falling back silently would hide the mistake.
 */
export function findBrowser(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env, folders = defaultFolders(env)): BrowserLocation {
  const given: Array<[string, string | undefined]> = [
    ['--browser', explicit],
    ['JOURNEY_AUDIT_BROWSER', env.JOURNEY_AUDIT_BROWSER],
    ['PUPPETEER_EXECUTABLE_PATH', env.PUPPETEER_EXECUTABLE_PATH],
  ];
  for (const [source, value] of given) {
    if (value === undefined || value === '') continue;
    if (isExecutableFile(value)) return { ok: true, executablePath: value, source };
    return { ok: false, message: `the browser named by ${source} (${value}) is not an executable file; ${installHint}` };
  }
  for (const name of wellKnownNames) {
    for (const folder of folders) {
      const candidate = path.join(folder, name);
      if (isExecutableFile(candidate)) return { ok: true, executablePath: candidate, source: 'well-known path' };
    }
  }
  return { ok: false, message: `no Chrome or Chromium browser found for svg, png and pdf output; ${installHint}` };
}
