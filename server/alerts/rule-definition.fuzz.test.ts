// Fuzzing rule JSON validation and Sigma YAML compilation in process: random and mutated rule
// bodies and YAML never make the validator throw (a verdict, ok or a message, always comes back),
// Sigma only ever throws its typed SigmaError, and no built-in prototype changes. The REST side of
// the same inputs is in test/fuzz-rest.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout, prototypeChanges } from '../../test/fuzz-config.ts';
import type { PicketEvent } from '../ingest/event.ts';
import { compileMatcher, compileToSql } from '../store/query/index.ts';
import { parseRuleDefinition } from './rule-definition.ts';
import { ruleBodyArb, sigmaYamlArb } from './rule-fuzz-arbitraries.ts';
import { SigmaError } from './sigma/sigma-error.ts';
import { compileSigma } from './sigma/sigma-rule.ts';

const EVENT: PicketEvent = JSON.parse(
  '{"id":"","utctimestamp":"2026-11-20T00:00:00.000Z","receivedtimestamp":"2026-11-20T00:00:00.000Z","category":"","source":"","hostname":"h","processname":"","processid":"","severity":"INFO","summary":"s","tags":[],"details":{"User":"root","__proto__":{"x":1},"constructor":"c"}}',
) as PicketEvent;

describe('rule JSON and Sigma YAML fuzz', { timeout: fuzzTimeout(8_000) }, () => {
  it('parseRuleDefinition answers every body with ok or a message, never a throw', () => {
    fc.assert(
      fc.property(ruleBodyArb, (body) => {
        const r = parseRuleDefinition(body);
        if (!r.ok) expect(typeof r.message).toBe('string');
      }),
      fuzzParams(3000, 6_000),
    );
    expect(prototypeChanges()).toEqual([]);
  });

  it('compileSigma throws only SigmaError, and what compiles runs in both back ends', () => {
    let compiled = 0;
    fc.assert(
      fc.property(sigmaYamlArb, (yaml) => {
        let c: ReturnType<typeof compileSigma>;
        try {
          c = compileSigma(yaml);
        } catch (err) {
          if (err instanceof SigmaError) return;
          throw err;
        }
        compiled++;
        for (const q of [c.query, ...c.steps, ...c.labelled.map((l) => l.query)]) {
          compileToSql(q);
          compileMatcher(q)(EVENT);
        }
      }),
      fuzzParams(3000, 8_000),
    );
    // The mutations must leave a good share of the documents valid, or only the error paths get fuzzed.
    expect(compiled).toBeGreaterThan(30);
    expect(prototypeChanges()).toEqual([]);
  });
});
