/** Types of scripts/real-processes.mjs, for the test that imports it. */
export interface CorpusRow {
  file: string;
  ruleId: string;
  line: number;
  message?: string;
  verdict: 'true' | 'false' | 'missed';
}

export interface CorpusEvaluation {
  rows: CorpusRow[];
  perRule: Map<string, { true: number; false: number; missed: number }>;
  inputErrors: string[];
  files: number;
}

export const corpusFolder: string;
export function readMarkers(text: string): Array<{ ruleId: string; line: number }>;
export function evaluateCorpus(root?: string, folder?: string): Promise<CorpusEvaluation>;
export function table(evaluation: Pick<CorpusEvaluation, 'perRule'>): string;
