/** The one place exit codes are defined. */
export const ExitCode = {
  /** No findings at or above --fail-on, warnings within --max-warnings. */
  Clean: 0,
  /** Findings at or above --fail-on, or more warnings than --max-warnings. */
  Findings: 1,
  /** Usage error, bad configuration, or unreadable / invalid input. */
  InputError: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface ExitPolicy {
  failOn: 'error' | 'warning' | 'info';
  maxWarnings?: number;
}

interface CountedRun {
  /** Some input could not be read, parsed or validated, or a path matched nothing. */
  inputError: boolean;
  errors: number;
  warnings: number;
  infos: number;
}

/** The exit code of an audit: input problems first, then findings at or above --fail-on, then --max-warnings. */
export function exitCodeFor(run: CountedRun, policy: ExitPolicy): ExitCode {
  if (run.inputError) return ExitCode.InputError;
  const failing = policy.failOn === 'error' ? run.errors : policy.failOn === 'warning' ? run.errors + run.warnings : run.errors + run.warnings + run.infos;
  if (failing > 0) return ExitCode.Findings;
  if (policy.maxWarnings !== undefined && run.warnings > policy.maxWarnings) return ExitCode.Findings;
  return ExitCode.Clean;
}

/**
 * The lowest severity that fails this run: --fail-on, or warning when there are more warnings than
 * --max-warnings (the warnings are then what fails it). Reports that show pass and fail (JUnit) use it.
 */
export function failingSeverity(run: Pick<CountedRun, 'warnings'>, policy: ExitPolicy): ExitPolicy['failOn'] {
  if (policy.failOn === 'error' && policy.maxWarnings !== undefined && run.warnings > policy.maxWarnings) return 'warning';
  return policy.failOn;
}
