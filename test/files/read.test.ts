import { describe, expect, it } from 'vitest';
import { decodeJourneyBytes } from '../../src/files/read.js';

describe('decodeJourneyBytes', () => {
  it('reads UTF-8 with and without a byte order mark, and UTF-16 with one', () => {
    expect(decodeJourneyBytes(Buffer.from('journey: café\n'))).toEqual({ ok: true, text: 'journey: café\n' });
    expect(decodeJourneyBytes(Buffer.from('\ufeffjourney: a\n'))).toEqual({ ok: true, text: 'journey: a\n' });
    expect(decodeJourneyBytes(Buffer.from('\ufeff\ufeffjourney: a\n'))).toEqual({ ok: true, text: 'journey: a\n' });
    expect(decodeJourneyBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('journey: a', 'utf16le')]))).toEqual({ ok: true, text: 'journey: a' });
  });

  it('refuses invalid UTF-8 and binary files with the position of the first bad byte', () => {
    expect(decodeJourneyBytes(Buffer.from([0x61, 0x0a, 0x62, 0xff, 0x63]))).toEqual({ ok: false, message: 'is not valid UTF-8 text (save it as UTF-8)', line: 2, column: 2 });
    expect(decodeJourneyBytes(Buffer.from([0x61, 0x0a, 0xfe]))).toEqual({ ok: false, message: 'is not valid UTF-8 text (save it as UTF-8)', line: 2, column: 1 });
    expect(decodeJourneyBytes(Buffer.from([0x61, 0x62, 0x00]))).toEqual({ ok: false, message: 'is a binary file, not YAML text', line: 1, column: 3 });
  });
});
