// Sigma rule JSON validation: levels, defaults from the YAML, and clear errors naming what is not supported.
import { describe, expect, it } from 'vitest';
import { parseRuleDefinition } from '../rule-definition.ts';

const detection = 'detection:\n  sel:\n    User: root\n  condition: sel\n';

describe('sigma rule JSON', () => {
  it.each([
    ['informational', 'INFO'],
    ['low', 'NOTICE'],
    ['medium', 'WARNING'],
    ['high', 'ERROR'],
    ['critical', 'CRITICAL'],
  ])('level %s → %s', (level, severity) => {
    const r = parseRuleDefinition({ type: 'sigma', yaml: `title: T\nlevel: ${level}\n${detection}` });
    expect(r.ok && r.rule.severity).toBe(severity);
  });

  it('takes name, description, tags from the YAML; fields given in the JSON win', () => {
    const yaml = `title: Root login\ndescription: d\ntags: [attack.t1078, attack.initial_access]\nlevel: high\n${detection}`;
    const r = parseRuleDefinition({ type: 'sigma', yaml });
    expect(r).toMatchObject({
      ok: true,
      rule: {
        type: 'sigma',
        name: 'Root login',
        description: 'd',
        severity: 'ERROR',
        tags: ['attack.t1078', 'attack.initial_access'],
        category: 'sigma',
        enabled: true,
      },
    });
    const own = parseRuleDefinition({
      type: 'sigma',
      yaml,
      name: 'Mine',
      severity: 'NOTICE',
      category: 'auth',
      tags: [],
    });
    expect(own).toMatchObject({ ok: true, rule: { name: 'Mine', severity: 'NOTICE', category: 'auth', tags: [] } });
    const noLevel = parseRuleDefinition({ type: 'sigma', yaml: `title: x\n${detection}` });
    expect(noLevel.ok && noLevel.rule.severity).toBe('NOTICE');
  });

  it('refuses a rule without a title or name, and query/groupBy (they come from the YAML)', () => {
    expect(parseRuleDefinition({ type: 'sigma', yaml: detection })).toMatchObject({
      ok: false,
      message: expect.stringContaining('name'),
    });
    expect(parseRuleDefinition({ type: 'sigma', yaml: `title: x\n${detection}`, query: 'a:b' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('query'),
    });
  });

  const corr = (c: string) =>
    `title: base\nname: base\n${detection}---\ntitle: c\ncorrelation:\n${c.replace(/^/gm, '  ')}\n`;
  it.each([
    [
      'undefined placeholder',
      'detection:\n  sel:\n    CommandLine|expand: "%x%"\n  condition: sel\n',
      'Sigma: the placeholder %x% in "CommandLine|expand" is not defined (none is defined)',
    ],
    [
      'expand on keywords',
      "detection:\n  sel:\n    '|expand': '%x%'\n  condition: sel\n",
      '|expand on "|expand" needs a field',
    ],
    [
      'utf16le without base64',
      'detection:\n  sel:\n    CommandLine|utf16le|contains: x\n  condition: sel\n',
      '|utf16le on "CommandLine|utf16le|contains" is supported only followed by |base64 or |base64offset',
    ],
    [
      'wide after base64',
      'detection:\n  sel:\n    CommandLine|base64|wide: x\n  condition: sel\n',
      '|wide on "CommandLine|base64|wide" is supported only followed by |base64',
    ],
    [
      'fieldref with contains',
      'detection:\n  sel:\n    User|fieldref|contains: TargetUser\n  condition: sel\n',
      '|fieldref on "User|fieldref|contains" cannot be combined with |contains',
    ],
    [
      'fieldref on tags',
      'detection:\n  sel:\n    tags|fieldref: TargetUser\n  condition: sel\n',
      'compares single-valued fields only',
    ],
    [
      'regex flag without re',
      "detection:\n  sel:\n    User|i: 'x'\n  condition: sel\n",
      '|i, |m and |s on "User|i" are flags of |re',
    ],
    [
      'inline flag mid-pattern',
      "detection:\n  sel:\n    User|re: 'a(?i)b'\n  condition: sel\n",
      'sets flags inside the pattern',
    ],
    [
      'inline flag group',
      "detection:\n  sel:\n    User|re: '(?i:a)b'\n  condition: sel\n",
      'sets flags inside the pattern',
    ],
    [
      'unknown inline flag',
      "detection:\n  sel:\n    User|re: '(?x)a b'\n  condition: sel\n",
      'the inline regex flag (?x) in "User|re" is not supported',
    ],
    [
      'time modifier',
      'detection:\n  sel:\n    Created|hour: 3\n  condition: sel\n',
      'the time modifier |hour on "Created|hour" is not supported',
    ],
    ['re on keywords', "detection:\n  sel:\n    '|re': 'x'\n  condition: sel\n", '|re needs a field'],
    [
      'unmapped logsource',
      'logsource:\n  category: webserver\ndetection:\n  sel:\n    cs-method: POST\n  condition: sel\n',
      'logsource "category: webserver" has no mapping in Picket',
    ],
    [
      'unmapped product',
      'logsource:\n  product: okta\n  service: okta\ndetection:\n  sel:\n    x: y\n  condition: sel\n',
      'logsource "product: okta, service: okta" has no mapping',
    ],
    [
      'unknown modifier',
      'detection:\n  sel:\n    User|sounds_like: x\n  condition: sel\n',
      'Sigma: unknown modifier |sounds_like',
    ],
    [
      'aggregation',
      'detection:\n  sel:\n    User: x\n  condition: sel | count() by SourceIp > 5\n',
      'aggregation in the condition',
    ],
    [
      'timeframe',
      'detection:\n  sel:\n    User: x\n  timeframe: 5m\n  condition: sel\n',
      'detection timeframe (legacy aggregation) is not supported',
    ],
    [
      'unknown identifier',
      'detection:\n  sel:\n    User: x\n  condition: sel and other\n',
      '"other" is not a search identifier',
    ],
    ['2 of', 'detection:\n  a:\n    User: x\n  b:\n    User: y\n  condition: 2 of them\n', '"2 of" is not supported'],
    ['unbalanced', 'detection:\n  sel:\n    User: x\n  condition: (sel\n', 'a "(" is not closed'],
    [
      'lookbehind regex',
      "detection:\n  sel:\n    User|re: '(?<=a)b'\n  condition: sel\n",
      'regular expression of "User|re" is not supported',
    ],
    ['bad cidr', 'detection:\n  sel:\n    SourceIp|cidr: 10.0.0.0/99\n  condition: sel\n', 'is not a CIDR network'],
    ['gt on text', 'detection:\n  sel:\n    User|gt: abc\n  condition: sel\n', '|gt on "User|gt" needs a number'],
    ['bad yaml', 'detection: [\n', 'Sigma: the YAML does not parse'],
    ['action: global', 'action: global\ntitle: x\n', '"action" (global/reset/repeat) are not supported'],
    ['several rules', `title: a\n${detection}---\ntitle: b\n${detection}`, 'several rules without a correlation'],
    [
      'missing reference',
      corr('type: event_count\nrules: [nope]\ntimespan: 5m\ncondition: {gte: 3}'),
      'references "nope", which is not in this YAML',
    ],
    [
      'empty range',
      corr('type: event_count\nrules: [base]\ntimespan: 5m\ncondition: {gt: 9, lte: 3}'),
      'can never hold',
    ],
    [
      'upper bound on temporal_ordered',
      corr('type: temporal_ordered\nrules: [base, base]\ntimespan: 5m\ncondition: {lte: 1}'),
      'all 2 listed rules occur in order; its condition must hold for 2 and for no fewer',
    ],
    [
      'partial temporal_ordered',
      corr('type: temporal_ordered\nrules: [base, base]\ntimespan: 5m\ncondition: {gte: 1}'),
      'its condition must hold for 2 and for no fewer (gte: 2 or eq: 2)',
    ],
    [
      'neq on temporal_ordered',
      corr('type: temporal_ordered\nrules: [base, base]\ntimespan: 5m\ncondition: {neq: 2}'),
      'must hold for 2',
    ],
    [
      'alias missing a rule',
      corr('type: temporal\nrules: [base]\naliases: {ip: {}}\ntimespan: 5m'),
      'alias "ip" has no field for rule "base"',
    ],
    [
      'alias naming an unlisted rule',
      corr('type: temporal\nrules: [base]\naliases: {ip: {base: a, other: b}}\ntimespan: 5m'),
      'names "other", which the correlation does not list',
    ],
    [
      'bad timespan',
      corr('type: event_count\nrules: [base]\ntimespan: 5 minutes\ncondition: {gte: 3}'),
      'timespan "5 minutes"',
    ],
    [
      'value_count without field',
      corr('type: value_count\nrules: [base]\ntimespan: 5m\ncondition: {gte: 3}'),
      'needs condition.field',
    ],
    [
      'unknown correlation type',
      corr('type: value_sum\nrules: [base]\ntimespan: 5m\ncondition: {gte: 3}'),
      'correlation type "value_sum" is not supported',
    ],
  ])('%s → a clear error', (_what, yaml, message) => {
    const r = parseRuleDefinition({ type: 'sigma', name: 'n', yaml });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(message);
  });
});

describe('sigma keys that name Object.prototype members (found by fuzzing)', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'a detection field named %s is a details field, not a crash',
    (name) => {
      const r = parseRuleDefinition({
        type: 'sigma',
        yaml: `title: T\ndetection:\n  sel:\n    ${name}: x\n  condition: sel\n`,
      });
      expect(r).toMatchObject({ ok: true, rule: { type: 'sigma', name: 'T' } });
    },
  );

  it.each(['__proto__', 'constructor', 'toString'])('level %s is refused with a clear message', (level) => {
    const r = parseRuleDefinition({ type: 'sigma', yaml: `title: T\nlevel: ${level}\n${detection}` });
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining(`level "${level}" is not one of`) });
  });
});
