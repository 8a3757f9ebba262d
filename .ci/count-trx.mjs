// Sums the <Counters> of every TRX file under the given folder and prints "N passed, N failed".
// Exits non-zero when there are no results at all, or when any test failed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function* trxFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) {
      if (name !== 'node_modules' && name !== 'bin' && name !== 'obj') yield* trxFiles(path);
    } else if (name.endsWith('.trx')) {
      yield path;
    }
  }
}

let passed = 0;
let failed = 0;
let files = 0;
for (const file of trxFiles(process.argv[2] ?? '.')) {
  const counters = readFileSync(file, 'utf8').match(/<Counters\b[^>]*>/);
  if (!counters) continue;
  const read = (name) => Number((counters[0].match(new RegExp(`\\b${name}="(\\d+)"`)) ?? [0, 0])[1]);
  files++;
  passed += read('passed');
  failed += read('failed') + read('error') + read('timeout') + read('aborted');
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(files > 0 && passed > 0 && failed === 0 ? 0 : 1);
