import { chmodSync, copyFileSync, mkdirSync, readdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export const hostileFixtures = path.resolve(import.meta.dirname, '..', 'fixtures', 'hostile');

/** What the first finding about a hostile file must say. */
export interface HostileExpectation {
  line: number;
  column: number;
  ruleId: 'parse' | 'schema';
  message: RegExp;
}

const deep = 10_000;

function mkfifo(file: string): void {
  // Node has no mkfifo; the coreutils one is everywhere the tests run.
  execFileSync('mkfifo', [file]);
}

/**
 * Writes the hostile files that are too big, binary or special to commit into `folder`, next to
 * copies of the committed ones, and returns the expectation for each generated file by name.
 */
export function createHostileFolder(folder: string): Map<string, HostileExpectation | 'any'> {
  mkdirSync(folder, { recursive: true });
  for (const name of readdirSync(hostileFixtures)) copyFileSync(path.join(hostileFixtures, name), path.join(folder, name));
  const expected = new Map<string, HostileExpectation | 'any'>();
  const write = (name: string, content: string | Buffer, expectation: HostileExpectation | 'any') => {
    writeFileSync(path.join(folder, name), content);
    expected.set(name, expectation);
  };
  const parse = (line: number, column: number, message: RegExp): HostileExpectation => ({ line, column, ruleId: 'parse', message });
  const schema = (line: number, column: number, message: RegExp): HostileExpectation => ({ line, column, ruleId: 'schema', message });

  // Size: refused from its size alone, before a byte is read (a sparse file: no disk is used).
  writeFileSync(path.join(folder, 'huge-200mb.journey.yaml'), '');
  truncateSync(path.join(folder, 'huge-200mb.journey.yaml'), 200 * 1024 * 1024);
  expected.set('huge-200mb.journey.yaml', parse(1, 1, /is 200\.0 MiB, larger than the limit of 50\.0 MiB \(limits\.maxFileSize\)/));
  write('long-line-50mb.journey.yaml', `journey: long\ndescription: "${'a'.repeat(50_000_000)}"\nsteps: [{id: a, kind: end}]\n`, parse(2, 100_001, /line 2 is 50000015 characters long, more than the limit of 100000 \(limits\.maxLineLength\)/));

  // Depth: 10,000 levels in every shape the parser recurses on.
  const tooDeep = /nests deeper than 200 levels \(limits\.maxDepth\)/;
  write('deep-flow-sequences.journey.yaml', `journey: deep\nsteps: ${'['.repeat(deep)}${']'.repeat(deep)}\n`, parse(2, 207, tooDeep));
  write('deep-flow-mappings.journey.yaml', `journey: deep\nsteps: ${'{a: '.repeat(deep)}1${'}'.repeat(deep)}\n`, parse(2, 804, tooDeep));
  write('deep-block-mappings.journey.yaml', `journey: deep\nsteps:\n${Array.from({ length: deep }, (_, level) => `${' '.repeat(level + 1)}k:`).join('\n')} 1\n`, parse(202, 201, tooDeep));
  write('deep-block-sequences.journey.yaml', `journey: deep\nsteps:\n  ${'- '.repeat(deep)}x\n`, parse(3, 401, tooDeep));
  write('deep-same-indent-sequences.journey.yaml', `journey: deep\n${Array.from({ length: deep / 2 }, (_, level) => `${'  '.repeat(level)}k:\n${'  '.repeat(level)}- `).join('')}x\n`, parse(201, 797, tooDeep));

  // Size in entries: millions of tiny flow items in a file well under the size limit.
  write('too-many-entries.journey.yaml', `journey: many\nsteps: [\n${'  {id: a},\n'.repeat(600_000)}]\n`, parse(333_335, 3, /more than 1000000 entries \(limits\.maxNodes\)/));
  // Keys: the parser checks each new key against the others, quadratic in the keys of one mapping.
  write('too-many-keys.journey.yaml', `journey: keys\nsteps:\n  - id: start\n${Array.from({ length: 20_000 }, (_, index) => `    field-${index}: x\n`).join('')}`, parse(1_003, 5, /a mapping has more than 1000 keys \(limits\.maxKeys\)/));
  write('too-many-flow-keys.journey.yaml', `journey: keys\nsystems: {${Array.from({ length: 2_000 }, (_, index) => `s${index}: {}`).join(', ')}}\nsteps: [{id: a, kind: end}]\n`, parse(2, 9_901, /a mapping has more than 1000 keys \(limits\.maxKeys\)/));

  // Encodings.
  write('binary.journey.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]), parse(3, 1, /is a binary file, not YAML text/));
  write('utf16-without-bom.journey.yaml', Buffer.from('journey: wide\nsteps: []\n', 'utf16le'), parse(1, 2, /looks like UTF-16 text without a byte-order mark; save it as UTF-8/));
  write('utf16le-with-bom.journey.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('journey: wide-le\nsteps:\n  - id: start\n    chanel: web\n    kind: end\n', 'utf16le')]), schema(4, 5, /unknown field 'chanel'/));
  const utf16be = Buffer.from('journey: wide-be\nsteps:\n  - id: start\n    chanel: web\n    kind: end\n', 'utf16le').swap16();
  write('utf16be-with-bom.journey.yaml', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]), schema(4, 5, /unknown field 'chanel'/));
  write('invalid-utf8.journey.yaml', Buffer.concat([Buffer.from('journey: latin\nsteps:\n  - id: start\n    name: Caf'), Buffer.from([0xe9]), Buffer.from(' order\n')]), parse(4, 14, /is not valid UTF-8 text \(save it as UTF-8\)/));
  write('crlf-line-ends.journey.yaml', 'journey: crlf\r\nsteps:\r\n  - id: start\r\n    kind: end\r\n    chanel: web\r\n', schema(5, 5, /unknown field 'chanel'/));
  write('step-id-10000-characters.journey.yaml', `journey: long-id\nsteps:\n  - id: ${'a'.repeat(10_000)}\n    kind: end\n`, schema(3, 9, /is too long \(must NOT have more than 200 characters\)/));

  // Things that are not regular files.
  mkdirSync(path.join(folder, 'folder.journey.yaml'));
  expected.set('folder.journey.yaml', parse(1, 1, /is a folder, not a journey file/));
  symlinkSync('loop-b.journey.yaml', path.join(folder, 'loop-a.journey.yaml'));
  symlinkSync('loop-a.journey.yaml', path.join(folder, 'loop-b.journey.yaml'));
  expected.set('loop-a.journey.yaml', parse(1, 1, /too many levels of symbolic links \(a symlink loop\)/));
  expected.set('loop-b.journey.yaml', parse(1, 1, /too many levels of symbolic links \(a symlink loop\)/));
  symlinkSync('removed.journey.yaml', path.join(folder, 'dangling-link.journey.yaml'));
  expected.set('dangling-link.journey.yaml', parse(1, 1, /is a symbolic link to a file that does not exist/));
  symlinkSync('/dev/zero', path.join(folder, 'device.journey.yaml'));
  expected.set('device.journey.yaml', parse(1, 1, /is not a regular file \(a device, pipe or socket\)/));
  mkfifo(path.join(folder, 'named-pipe.journey.yaml'));
  expected.set('named-pipe.journey.yaml', parse(1, 1, /is not a regular file \(a device, pipe or socket\)/));
  mkdirSync(path.join(folder, 'folder-loop'));
  symlinkSync('..', path.join(folder, 'folder-loop', 'back-up'));
  // Unreadable: permission denied for a normal user; root reads it and finds its syntax error instead.
  write('no-permission.journey.yaml', 'journey: [unclosed\n', process.getuid?.() === 0 ? parse(2, 1, /YAML syntax error/) : parse(1, 1, /cannot be read: permission denied/));
  chmodSync(path.join(folder, 'no-permission.journey.yaml'), 0o000);
  // A file name that is itself a terminal escape sequence.
  write('\u001b[2J\u001b[31mname.journey.yaml', 'journey: named\nsteps: []\n', schema(2, 8, /'steps' must not be empty/));
  return expected;
}

/** Journeys that are fine, audited in the same run as the hostile ones. */
export function createGoodJourneys(folder: string): string[] {
  mkdirSync(folder, { recursive: true });
  const journey = (id: string, extra = '') =>
    `journey: ${id}\nowner: care\nsteps:\n  - id: ask\n    channel: web\n    actor: customer\n    next: wait${extra}\n  - id: wait\n    kind: wait\n    duration: 999999999d\n    next: done\n  - id: done\n    kind: end\n    outcome: resolved\n`;
  writeFileSync(path.join(folder, 'plain.journey.yaml'), journey('good-plain'));
  writeFileSync(path.join(folder, 'crlf.journey.yaml'), journey('good-crlf').replace(/\n/g, '\r\n'));
  writeFileSync(path.join(folder, 'utf8-bom.journey.yaml'), `\ufeff${journey('good-bom')}`);
  writeFileSync(path.join(folder, 'utf16-bom.journey.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(journey('good-utf16'), 'utf16le')]));
  writeFileSync(path.join(folder, 'with-findings.journey.yaml'), 'journey: good-with-findings\nsteps:\n  - id: start\n    next: nowhere\n');
  return ['plain', 'crlf', 'utf8-bom', 'utf16-bom', 'with-findings'].map((name) => `${name}.journey.yaml`);
}
