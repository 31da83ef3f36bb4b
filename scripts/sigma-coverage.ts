// Prints how many SigmaHQ rules Picket accepts per logsource (the table in docs/rules.md).
// Run: node bin/run-ts.mjs scripts/sigma-coverage.ts [path/to/sigmahq/rules]
import { coverageTable, findSigmaHq, walkCorpus } from '../test/sigmahq-corpus.ts';

const root = process.argv[2] ?? findSigmaHq();
if (!root) {
  console.error('SigmaHQ rules not found: pass the path of its rules/ folder');
  process.exit(1);
}
const results = walkCorpus(root);
console.log(coverageTable(results));
const unnamed = results.filter(
  (r) =>
    (!r.ok && r.reason === null) ||
    (r.withoutLogsource && !r.withoutLogsource.ok && r.withoutLogsource.reason === null),
);
for (const r of unnamed) console.log(`UNNAMED ${r.file}: ${r.withoutLogsource?.message ?? r.message}`);
