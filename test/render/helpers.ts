import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildJourney, type Journey } from '../../src/model/journey.js';
import { parseYaml } from '../../src/parse/yaml-source.js';
import type { Finding, Severity } from '../../src/types.js';

const renderFixtures = path.join(import.meta.dirname, '..', 'fixtures', 'render');

export function loadJourney(name: string): Journey {
  const parsed = parseYaml(readFileSync(path.join(renderFixtures, name), 'utf8'));
  return buildJourney(parsed.data as Record<string, unknown>);
}

/** A finding as the engine would produce it; the rules that report these ids are tested elsewhere. */
export function finding(ruleId: string, severity: Severity, line: number, message: string, step?: string, relatedSteps?: string[]): Finding {
  return {
    ruleId,
    category: 'broken',
    severity,
    message,
    file: 'journey.yaml',
    line,
    column: 9,
    endLine: line,
    endColumn: 20,
    fingerprint: `${ruleId}-${line}`,
    path: [],
    ...(step !== undefined ? { step } : {}),
    ...(relatedSteps !== undefined ? { relatedSteps } : {}),
  };
}

/** Findings on card-dispute.journey.yaml covering every kind of annotation. */
export const cardDisputeFindings: Finding[] = [
  finding('no-human-escape', 'error', 14, "step 'ivr-menu' in the automated channel 'ivr' has no route to a person", 'ivr-menu'),
  finding('trap-loop', 'error', 48, "steps 'review-dispute', 'approve-refund', 'ask-evidence' loop with no way to an end", 'review-dispute', ['approve-refund', 'ask-evidence']),
  finding('unreachable-step', 'error', 80, "step 'branch-visit' cannot be reached from the start step 'call-bank'", 'branch-visit'),
  finding('repeated-data-request', 'warning', 40, "'card-number' is asked again; it was collected at 'ivr-identify'", 'open-app', ['ivr-identify']),
  finding('silent-wait', 'warning', 48, "step 'review-dispute' waits 5d with no message to the customer", 'review-dispute'),
  finding('path-too-long', 'info', 1, 'the fastest way to a resolved end takes 7d, more than 5d'),
];

export const parcelFindings: Finding[] = [
  finding('no-human-escape', 'warning', 18, "step 'bot-explains' in the automated channel 'chatbot' has no route to a person", 'bot-explains'),
  finding('unknown-step', 'error', 67, "step 'refund-approval' goes to 'claim-archive', which is not a step", 'refund-approval'),
  finding('excess-handoffs', 'info', 1, 'the journey changes owner 4 times on one path, more than 3'),
];
