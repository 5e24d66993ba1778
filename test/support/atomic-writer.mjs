// Writes two large contents over one target, alternately and forever, until killed.
import { writeFileAtomic } from '../../dist/util/atomic-write.js';

const [target, size] = process.argv.slice(2);
const contents = [Buffer.alloc(Number(size), 'a'), Buffer.alloc(Number(size), 'b')];
process.send?.('ready');
for (let round = 0; ; round++) writeFileAtomic(target, contents[round % 2]);
