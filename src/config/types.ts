import type { JourneySettings } from '../model/channels.js';
import type { SeveritySetting } from '../types.js';

export interface RuleSetting {
  severity: SeveritySetting;
  /** Options given in the config; the engine merges them over the rule's defaults. */
  options: Record<string, unknown>;
}

/** Safety limits for untrusted input; every one can be raised in the config under `limits`. */
export interface Limits {
  /** Largest journey file read, in bytes. */
  maxFileSize: number;
  /** Aliases a document may expand (guards against "billion laughs"). */
  maxAliasCount: number;
  /** Deepest nesting of maps and sequences. */
  maxDepth: number;
  /** Most steps one journey may have. */
  maxSteps: number;
  /** Longest line in a journey file, in characters. */
  maxLineLength: number;
  /** Most entries (scalars, collection openings, sequence items, aliases) in a file the full YAML parser reads; bounds its memory. */
  maxNodes: number;
  /** Most keys in one mapping; the YAML parser checks key uniqueness in time quadratic in this. */
  maxKeys: number;
}

export const defaultLimits: Limits = {
  maxFileSize: 50 * 1024 * 1024,
  maxAliasCount: 100,
  maxDepth: 200,
  maxSteps: 200_000,
  maxLineLength: 100_000,
  maxNodes: 1_000_000,
  maxKeys: 1_000,
};

/** The configuration in force for one file, after extends, overrides and --rule. */
export interface EffectiveConfig {
  rules: Record<string, RuleSetting>;
  settings: JourneySettings;
  limits: Limits;
}
