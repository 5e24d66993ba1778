import { createRequire } from 'node:module';

/**
 * Diagrams in svg, png and pdf need two packages that users who only lint can leave out
 * (`npm install journey-audit --omit=optional`): Mermaid's browser build and puppeteer-core. They are
 * optional dependencies, so this check runs before anything imports them and turns their absence into
 * a message that names the command which installs them.
 */

const require = createRequire(import.meta.url);
const { optionalDependencies = {} } = require('../../package.json') as { optionalDependencies?: Record<string, string> };

/** Each optional rendering package and a module inside it that rendering loads. */
const renderingModules: ReadonlyArray<readonly [name: string, specifier: string]> = [
  ['mermaid', 'mermaid/dist/mermaid.esm.min.mjs'],
  ['puppeteer-core', 'puppeteer-core'],
];

/** The rendering packages that cannot be found from here, in install-command order. */
function missingRenderingPackages(resolve: (specifier: string) => string = require.resolve): string[] {
  const missing: string[] = [];
  for (const [name, specifier] of renderingModules) {
    try {
      resolve(specifier);
    } catch {
      missing.push(name);
    }
  }
  return missing;
}

/** `npm install NAME@RANGE ...` with the ranges in this version's package.json. */
export function renderingInstallCommand(missing: readonly string[]): string {
  return `npm install ${missing.map((name) => `${name}@${optionalDependencies[name] ?? 'latest'}`).join(' ')}`;
}

/** Why svg, png and pdf cannot be drawn, or undefined when the packages are there. */
export function renderingPackagesProblem(resolve?: (specifier: string) => string): string | undefined {
  const missing = missingRenderingPackages(resolve);
  if (missing.length === 0) return undefined;
  const names = missing.join(' and ');
  return `${names} ${missing.length === 1 ? 'is' : 'are'} not installed (optional dependencies, needed for svg, png and pdf only); install with: ${renderingInstallCommand(missing)}`;
}
