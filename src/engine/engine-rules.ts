import type { Category, Severity } from '../types.js';

/** Documentation of the checks the engine runs itself; they have ids like rules but no `check`. */
export interface EngineRuleDoc {
  id: string;
  category: Category;
  defaultSeverity: Severity;
  description: string;
  rationale: string;
  fix: string;
}

export const engineRules: readonly EngineRuleDoc[] = [
  {
    id: 'parse',
    category: 'input',
    defaultSeverity: 'error',
    description: 'The file cannot be read as YAML text.',
    rationale:
      'A journey file that cannot be read is a journey nobody can check: no rule runs on it, so every problem it has stays hidden. ' +
      'Causes are YAML syntax errors, tabs used for indentation, several documents in one file, or a file that is not UTF-8 text.',
    fix: 'Correct the YAML at the position shown (an editor with the YAML language server points at it too) and save the file as UTF-8.',
  },
  {
    id: 'schema',
    category: 'input',
    defaultSeverity: 'error',
    description: 'The journey does not match the journey schema, or refers to something that does not exist.',
    rationale:
      'The rules can only reason about a journey whose fields mean what the schema says: a misspelt field is silently ignored, ' +
      'a duplicate step id makes `next` ambiguous, and an unknown channel makes every channel comparison wrong.',
    fix: 'Change the field named in the message; `journey-audit schema` prints the schema, and the message suggests the closest valid name.',
  },
  {
    id: 'unused-disable-directive',
    category: 'suppression',
    defaultSeverity: 'warning',
    description: 'A `journey-audit-disable` comment suppresses nothing.',
    rationale:
      'A disable comment that no longer matches a finding hides the next real problem on that line and tells readers a problem exists where none does.',
    fix: 'Delete the comment, or name the rule that actually reports on the next line.',
  },
];
