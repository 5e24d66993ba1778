// Runs the CLI in this process and records its peak resident memory (KiB) in the file named first.
import { writeFileSync } from 'node:fs';

const [reportFile, ...args] = process.argv.slice(2);
process.on('exit', () => writeFileSync(reportFile, String(process.resourceUsage().maxRSS)));
const { main } = await import('../../dist/cli/main.js');
await main(args);
