// Writes two large contents over one target, alternately and forever, until killed.
// With a third argument `async`, through writeFileAtomicAsync.
import { writeFileAtomic, writeFileAtomicAsync } from '../../dist/util/atomic-write.js';

const [target, size, mode] = process.argv.slice(2);
const contents = [Buffer.alloc(Number(size), 'a'), Buffer.alloc(Number(size), 'b')];
process.send?.('ready');
if (mode === 'async') for (let round = 0; ; round++) await writeFileAtomicAsync(target, contents[round % 2]);
else for (let round = 0; ; round++) writeFileAtomic(target, contents[round % 2]);
