import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { auditFiles } from '../src/index.js';

// A resource the limits did not foresee (the stack, the longest string V8 allows) runs out inside one file's audit:
// the engine is made to throw V8's RangeError for the journey whose text says so.
vi.mock('../src/engine/engine.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/engine/engine.js')>();
  return {
    ...original,
    auditText: (text: string, options: Parameters<typeof original.auditText>[1]) => {
      if (text.includes('exhausts-the-string-length')) throw new RangeError('Invalid string length');
      if (text.includes('exhausts-the-stack')) throw new RangeError('Maximum call stack size exceeded');
      if (text.includes('has-a-bug')) throw new TypeError("Cannot read properties of undefined (reading 'id')");
      return original.auditText(text, options);
    },
  };
});

describe('a file that exhausts a resource', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'journey-audit-exhaustion-'));
  const write = (name: string, journey: string) => {
    const file = path.join(folder, name);
    writeFileSync(file, `journey: ${journey}\nsteps:\n  - id: start\n    next: done\n  - id: done\n    kind: end\n`);
    return file;
  };

  it('is reported as that file, and the other files are still audited', () => {
    const files = [write('a.journey.yaml', 'exhausts-the-string-length'), write('b.journey.yaml', 'fine'), write('c.journey.yaml', 'exhausts-the-stack')];
    const results = auditFiles(files);
    expect(results.map((result) => [path.basename(result.file), result.inputError])).toEqual([
      ['a.journey.yaml', true],
      ['b.journey.yaml', false],
      ['c.journey.yaml', true],
    ]);
    expect(results[0]!.findings.map((finding) => `${finding.line}:${finding.column} ${finding.ruleId} ${finding.message}`)).toEqual([
      `1:1 parse ${files[0]} cannot be audited: Invalid string length (a resource ran out; docs/limits.md lists the limits to lower)`,
    ]);
    expect(results[2]!.findings[0]!.message).toBe(`${files[2]} cannot be audited: Maximum call stack size exceeded (a resource ran out; docs/limits.md lists the limits to lower)`);
    expect(results[1]!.journey).toBe('fine');
  });

  it('is told apart from a fault of journey-audit itself, which is not hidden as a finding', () => {
    expect(() => auditFiles([write('d.journey.yaml', 'has-a-bug')])).toThrow(TypeError);
  });
});
