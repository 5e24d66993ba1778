import type { Finding, Range } from '../types.js';

export interface Directive {
  kind: 'next-line' | 'file';
  /** Rule ids named; empty means every rule. */
  rules: string[];
  justification?: string;
  /** Line of the comment (1-based). */
  line: number;
  column: number;
  endColumn: number;
  /** Rules (or '*' for "all") that matched at least one finding. */
  used: Set<string>;
}

const directivePattern = /^(\s*)#\s*journey-audit-disable-(next-line|file)\b(.*)$/;

/** Reads whole-line comments `# journey-audit-disable-next-line RULE[, RULE] -- reason` and `# journey-audit-disable-file RULE`. */
export function readDirectives(text: string): Directive[] {
  const directives: Directive[] = [];
  if (!text.includes('journey-audit-disable')) return directives;
  let line = 0;
  for (const content of text.split(/\r?\n/)) {
    line++;
    if (!content.includes('journey-audit-disable')) continue;
    const match = directivePattern.exec(content);
    if (!match) continue;
    const [, indent = '', kind, rest = ''] = match;
    const [rulesText = '', justification] = rest.split(/\s--\s?/, 2);
    const directive: Directive = {
      kind: kind === 'file' ? 'file' : 'next-line',
      rules: rulesText.split(/[\s,]+/).filter(Boolean),
      line,
      column: indent.length + 1,
      endColumn: content.trimEnd().length + 1,
      used: new Set(),
    };
    if (justification?.trim()) directive.justification = justification.trim();
    directives.push(directive);
  }
  return directives;
}

/** Marks findings covered by a directive as suppressed (in place) and records which directives were used. */
export function applyDirectives(findings: Finding[], directives: readonly Directive[]): void {
  for (const finding of findings) {
    if (finding.ruleId === 'parse') continue;
    for (const directive of directives) {
      if (directive.kind === 'next-line' && directive.line + 1 !== finding.line) continue;
      const matched = directive.rules.length === 0 ? '*' : directive.rules.includes(finding.ruleId) ? finding.ruleId : undefined;
      if (!matched) continue;
      directive.used.add(matched);
      if (!finding.suppressed) {
        finding.suppressed = directive.justification ? { kind: 'inSource', justification: directive.justification } : { kind: 'inSource' };
      }
    }
  }
}

/** Directive entries that suppressed nothing, as ranges with a description, like ESLint's --report-unused-disable-directives. */
export function unusedDirectives(directives: readonly Directive[]): Array<Range & { description: string; rule: string }> {
  const unused: Array<Range & { description: string; rule: string }> = [];
  for (const directive of directives) {
    const range = { line: directive.line, column: directive.column, endLine: directive.line, endColumn: directive.endColumn };
    const where = directive.kind === 'file' ? 'in this file' : 'on the next line';
    if (directive.rules.length === 0) {
      if (!directive.used.has('*')) unused.push({ ...range, rule: '*', description: `unused disable comment: no problem was reported ${where}` });
      continue;
    }
    for (const rule of directive.rules) {
      if (!directive.used.has(rule)) unused.push({ ...range, rule, description: `unused disable comment: '${rule}' reported no problem ${where}` });
    }
  }
  return unused;
}
