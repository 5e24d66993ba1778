import { writeJsonSafely } from '../util/text.js';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from '../types.js';
import { projectUrl, ruleCatalog, ruleDocsUrl, type CatalogEntry } from './catalog.js';
import { builtinRules } from '../rules/index.js';
import { encodePath, repoPath } from './paths.js';
import { inPieces, type Formatter, type FormatterContext } from './types.js';

/** The partialFingerprints key; bump the version when fingerprint inputs change. */
const sarifFingerprintKey = 'journeyAudit/v1';
const srcRoot = '%SRCROOT%';

const levels: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function descriptor(entry: CatalogEntry, documented: boolean) {
  const markdown = [`**Why it matters.** ${entry.rationale}`];
  if (entry.fix) markdown.push(`**How to fix.** ${entry.fix}`);
  if (documented) markdown.push(`[Documentation of \`${entry.id}\`](${ruleDocsUrl(entry.id)})`);
  return {
    id: entry.id,
    name: entry.id.replace(/(^|-)([a-z0-9])/g, (_whole, _dash: string, letter: string) => letter.toUpperCase()),
    shortDescription: { text: entry.description },
    fullDescription: { text: entry.rationale },
    help: { text: entry.fix ? `${entry.rationale}\n\nHow to fix: ${entry.fix}` : entry.rationale, markdown: markdown.join('\n\n') },
    ...(documented ? { helpUri: ruleDocsUrl(entry.id) } : {}),
    defaultConfiguration: { level: levels[entry.defaultSeverity] },
    properties: { tags: [entry.category] },
  };
}

function artifactLocation(file: string, context: FormatterContext) {
  const relative = repoPath(file, context);
  if (relative !== undefined) return { uri: encodePath(relative), uriBaseId: srcRoot };
  return { uri: pathToFileURL(path.resolve(context.cwd, file)).href };
}

function result(finding: Finding, ruleIndex: number, context: FormatterContext) {
  const endLine = Math.max(finding.endLine, finding.line);
  const endColumn = endLine === finding.line ? Math.max(finding.endColumn, finding.column) : Math.max(1, finding.endColumn);
  const properties: Record<string, string> = { category: finding.category };
  if (finding.journey !== undefined) properties.journey = finding.journey;
  if (finding.step !== undefined) properties.step = finding.step;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: levels[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(finding.file, context),
          region: { startLine: finding.line, startColumn: finding.column, endLine, endColumn },
        },
      },
    ],
    partialFingerprints: { [sarifFingerprintKey]: finding.fingerprint },
    ...(finding.change ? { baselineState: finding.change } : {}),
    ...(finding.suppressed
      ? { suppressions: [{ kind: finding.suppressed.kind, ...(finding.suppressed.justification ? { justification: finding.suppressed.justification } : {}) }] }
      : {}),
    properties,
  };
}

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: every rule described, every finding
 * with a region relative to %SRCROOT%, a stable partial fingerprint, and suppressions carried along.
 */
const builtinRuleIds = new Set(builtinRules.map((rule) => rule.meta.id));

export const sarif: Formatter = inPieces((results, context, emit) => {
  const catalog = ruleCatalog(context.rules);
  // Only the built-in rules have pages in docs/rules; a plugin's or a declarative rule's help is its own text.
  const documented = new Set(context.rules.map((rule) => rule.meta.id).filter((id) => builtinRuleIds.has(id)));
  const findings = results.flatMap((entry) => entry.findings);
  // Plugin rules unknown to the catalog still need a descriptor for ruleIndex to point at.
  for (const finding of findings) {
    if (catalog.some((entry) => entry.id === finding.ruleId)) continue;
    catalog.push({ id: finding.ruleId, category: finding.category, defaultSeverity: finding.severity, description: finding.ruleId, rationale: finding.ruleId, fix: '' });
  }
  const indexById = new Map(catalog.map((entry, index) => [entry.id, index]));
  const root = context.root ?? context.cwd;
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'journey-audit',
            version: context.version,
            semanticVersion: context.version,
            informationUri: projectUrl,
            rules: catalog.map((entry) => descriptor(entry, documented.has(entry.id))),
          },
        },
        originalUriBaseIds: { [srcRoot]: { uri: `${pathToFileURL(root).href.replace(/\/?$/, '/')}` } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((finding) => result(finding, indexById.get(finding.ruleId)!, context)),
      },
    ],
  };
  // Each result is one piece.
  writeJsonSafely(log, emit, 4);
  emit('\n');
});
