import type { Rule } from '../rules/define.js';

export interface RuleExample {
  /** Fixture file name, shown as the example's caption. */
  name: string;
  text: string;
  /** For replay rules: the event log the journey is replayed against. */
  log?: { name: string; text: string };
}

export interface RuleExamples {
  bad?: RuleExample;
  good?: RuleExample;
}

const categoryTitles: Record<string, string> = {
  broken: 'Broken',
  redundant: 'Redundant',
  channel: 'Channel-inconsistent',
  ownership: 'Ownership',
  privacy: 'Privacy',
  replay: 'As lived (replay)',
};

export function categoryTitle(category: string): string {
  return categoryTitles[category] ?? category;
}

/** Fixture text without the test harness's own comments. */
function exampleText(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*#\s*@(options|example)\b/.test(line))
    .map((line) => line.replace(/\s*#\s*@expect\b.*$/, '  # <- reported here'))
    .join('\n')
    .trim();
}

function describeOptionType(schema: Record<string, unknown> | undefined): string {
  if (!schema) return '';
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  if (schema.type === 'array') {
    const items = schema.items as Record<string, unknown> | undefined;
    return `list of ${String(items?.type ?? 'values')}`;
  }
  return String(schema.type ?? '');
}

function exampleLines(title: string, example: RuleExample): string[] {
  const lines = ['', title, '', `From \`${example.name}\`:`, '', '```yaml', exampleText(example.text), '```'];
  if (example.log) lines.push('', `replayed against the event log \`${example.log.name}\`:`, '', '```csv', example.log.text.trim(), '```');
  return lines;
}

/** The documentation page of a rule, generated from its meta and fixtures (docs/rules/<id>.md). */
export function ruleDocumentation(rule: Pick<Rule, 'meta'>, examples: RuleExamples): string {
  const { meta } = rule;
  const lines: string[] = [
    `# ${meta.id}`,
    '',
    `**${categoryTitle(meta.category)}** · default severity **${meta.defaultSeverity}**`,
    '',
    meta.description,
    '',
    '## Why it matters',
    '',
    meta.rationale,
    '',
    '## How to fix it',
    '',
    meta.fix,
    '',
    '## Options',
    '',
  ];
  const properties = (meta.optionsSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const names = Object.keys(properties);
  if (names.length === 0) {
    lines.push('This rule has no options.');
  } else {
    lines.push('| option | type | default | meaning |', '|---|---|---|---|');
    for (const name of names) {
      const fallback = (meta.defaultOptions as Record<string, unknown>)[name];
      const meaning = (meta.optionDocs as Record<string, string> | undefined)?.[name] ?? String(properties[name]?.description ?? '');
      const shownDefault = fallback === undefined ? '(see meaning)' : `\`${JSON.stringify(fallback)}\``;
      lines.push(`| \`${name}\` | ${describeOptionType(properties[name])} | ${shownDefault} | ${meaning.replace(/\|/g, '\\|')} |`);
    }
    const where = meta.category === 'replay' ? 'the replay map file (`--map`)' : '`journey-audit.config.yaml`';
    lines.push('', `Set options in ${where}:`, '', '```yaml', 'rules:', `  ${meta.id}: [${meta.defaultSeverity}, ${JSON.stringify(meta.defaultOptions)}]`, '```');
  }
  if (meta.category === 'replay') {
    lines.push('', '## When it runs', '', "This is a replay rule: `journey-audit replay JOURNEY --log FILE` runs it against an event log; the static audit never does. Its severity is set in the map file's `rules:` or with `--rule " + meta.id + ":SEVERITY` on the replay command.");
  }
  if (examples.bad) lines.push(...exampleLines('## Example: flagged', examples.bad));
  if (examples.good) lines.push(...exampleLines('## Example: not flagged', examples.good));
  lines.push('', `Silence one occurrence with \`# journey-audit-disable-next-line ${meta.id} -- reason\` on the line above it.`, '');
  return lines.join('\n');
}

/** The catalog table for the README, between `<!-- rules:start -->` and `<!-- rules:end -->`. */
export function catalogMarkdown(rules: ReadonlyArray<Pick<Rule, 'meta'>>): string {
  const lines = ['| rule | category | severity | what it finds |', '|---|---|---|---|'];
  for (const rule of rules) {
    const { meta } = rule;
    lines.push(`| [\`${meta.id}\`](docs/rules/${meta.id}.md) | ${categoryTitle(meta.category)} | ${meta.defaultSeverity} | ${meta.description.replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n');
}
