// Acceptance over SigmaHQ's public rules (read from the shared checkout; skipped when absent):
// every rule either loads (validated, compiled to a matcher and to SQL) or is refused with a
// message naming the unsupported feature; no generic error, no crash. Parse and compile only.
import { describe, expect, it } from 'vitest';
import { coverageTable, findSigmaHq, walkCorpus } from './sigmahq-corpus.ts';

const root = findSigmaHq();

describe.skipIf(!root)('SigmaHQ rules (shared/sigmahq)', () => {
  it('each rule loads or is refused naming the feature; mapped logsources load', () => {
    const results = walkCorpus(root!);
    expect(results.length).toBeGreaterThan(100);
    const unnamed = results.filter((r) => !r.ok && r.reason === null).map((r) => `${r.file}: ${r.message}`);
    expect(unnamed, 'refusals that name no feature').toEqual([]);
    // Rules refused only for their logsource: their detections must compile or name what they need.
    const unnamedElsewhere = results.filter(
      (r) => r.withoutLogsource && !r.withoutLogsource.ok && r.withoutLogsource.reason === null,
    );
    expect(unnamedElsewhere.map((r) => `${r.file}: ${r.withoutLogsource!.message}`)).toEqual([]);
    const mapped = results.filter((r) => r.reason !== 'logsource not mapped');
    expect(mapped.filter((r) => r.ok).length / mapped.length).toBeGreaterThan(0.95);
    console.log(coverageTable(results));
  });
});

if (!root) console.warn('SigmaHQ rules not found (a shared/sigmahq folder beside the repository): corpus test skipped');
