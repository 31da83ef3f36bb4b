// fast-check generators for rule fuzzing: random JSON, valid rule bodies of every type with
// mutations (wrong types, hostile keys, odd queries), and Sigma YAML mutated line by line and
// character by character from valid documents. Test support only (fast-check is a dev dependency).
import fc from 'fast-check';

const DETECTION = 'detection:\n  sel:\n    User: root\n  condition: sel\n';

export const SIGMA_SEEDS = [
  `title: Root SSH login\nid: 5f0a6c1e-0000-4000-8000-000000000001\nstatus: test\nlevel: high\ntags:\n  - attack.initial_access\n  - attack.t1078\nlogsource:\n  product: linux\n  service: sshd\n${DETECTION}`,
  `title: Many\ndetection:\n  a:\n    User|contains: [adm, root]\n    SourceIp|cidr: 10.0.0.0/8\n  b:\n    CommandLine|endswith|all: ['.exe', 'x']\n  filter:\n    User|re: '^svc.*$'\n  condition: (a or b) and not filter\n`,
  `title: Keywords\ndetection:\n  keywords:\n    - 'Failed password'\n    - '*sudo*'\n  sel:\n    EventID: 4625\n    LogonType|gte: 3\n  condition: keywords and 1 of sel*\n`,
  `title: base\nname: base\n${DETECTION}---\ntitle: c\ncorrelation:\n  type: event_count\n  rules: [base]\n  group-by: [SourceIp]\n  timespan: 5m\n  condition: {gte: 3}\n`,
  `title: f\nname: f\n${DETECTION}---\ntitle: g\nname: g\ndetection:\n  s:\n    User: bob\n  condition: s\n---\ntitle: seq\ncorrelation:\n  type: temporal_ordered\n  rules: [f, g]\n  timespan: 10m\n`,
  `title: vc\nname: vc\n${DETECTION}---\ntitle: c\ncorrelation:\n  type: value_count\n  rules: vc\n  timespan: 1h\n  condition: {field: User, gte: 2}\n`,
  `title: Flags\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n    eventName|re|i|m: '^get.*$'\n    userIdentity.arn|fieldref: requestParameters.userName\n    CommandLine|wide|base64offset|contains: whoami\n  kw:\n    '|all': [a, b]\n  condition: sel and not kw\n`,
  `title: z\nname: z\nlogsource: {product: zeek, service: conn}\ndetection:\n  s:\n    id.orig_h|cidr: 10.0.0.0/8\n  condition: s\n---\ntitle: t\ncorrelation:\n  type: temporal\n  rules: [z]\n  group-by: [ip]\n  aliases: {ip: {z: id.resp_h}}\n  timespan: 5m\n`,
  `title: Nulls\ndetection:\n  sel:\n    User: null\n    Image|startswith: 'C:\\\\Windows\\\\'\n    Hashes|contains: ['a', 'b']\n    Port: [22, 2222]\n  condition: all of them\n`,
];

const SIGMA_SNIPPETS = [
  '  __proto__: {polluted: 1}',
  '__proto__:\n  polluted: yes',
  'constructor: {prototype: {polluted: 1}}',
  '  constructor:',
  '    __proto__: x',
  'x: &a [1, 2]',
  'y: [*a, *a, *a]',
  '<<: *a',
  '  <<: {User: x}',
  '!!js/function "function(){}"',
  '  sel: !!binary aGVsbG8=',
  'title: !!int 5',
  '    User|re: "(a|a)*b"',
  '    User|re: "[[:alpha:]]"',
  '    User|re: "(?<n>a)"',
  '    User|contains|all|windash: x',
  '    User|base64offset|contains: x',
  '    User|re: "(?i)x"',
  '    User|re|s: "a.b"',
  '    User|fieldref: __proto__',
  '    User|utf16be|base64: x',
  '    User|neq: [a, b]',
  "    '|all': [x]",
  '    User|cidr: 10.0.0.0/8',
  '    User|cidr: ::/0',
  '    User|lt: 1e309',
  '    User|gte: -0',
  '    "": x',
  '    User: "\\u0000"',
  '    User: ~',
  '    User: []',
  '    User: {}',
  '  condition: 1 of sel*',
  '  condition: all of them',
  '  condition: not sel',
  '  condition: sel | count() > 1',
  '  condition: ((((((sel))))))',
  '  condition: sel and',
  '  condition: [sel, other]',
  '  condition: toString',
  '  condition: __proto__',
  '  condition: 1 of constructor*',
  '  toString:\n    User: x',
  'level: critical',
  'level: [high]',
  'tags: notalist',
  'tags: [1, null, {}]',
  'title: ""',
  'title: [a]',
  'description: ' + 'x'.repeat(6000),
  '---',
  '...',
  '%YAML 1.2',
  '? complex key\n: value',
  '  timespan: 0m',
  '  timespan: 99999999d',
  '  condition: {gte: -1}',
  '  condition: {gte: 1e308}',
  '  rules: [base, base]',
  '  rules: []',
  '  group-by: [a, b, c, d, e, f]',
  '  type: temporal',
  '  fields: [x]',
];

const TOKENS = [
  '\n',
  ' ',
  ':',
  '-',
  '|',
  '*',
  '&',
  '!',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '#',
  '\t',
  '%',
  '@',
  '`',
  '\\',
  '\u0000',
  '\ud800',
  '東',
];

type Mutation = (lines: string[]) => string[];

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(...SIGMA_SNIPPETS)).map(
    ([i, snip]): Mutation =>
      (ls) => [...ls.slice(0, i % (ls.length + 1)), snip, ...ls.slice(i % (ls.length + 1))],
  ),
  fc.tuple(fc.nat(), fc.constantFrom(...SIGMA_SNIPPETS)).map(
    ([i, snip]): Mutation =>
      (ls) =>
        ls.map((l, j) => (j === i % ls.length ? snip : l)),
  ),
  fc.nat().map(
    (i): Mutation =>
      (ls) =>
        ls.filter((_, j) => j !== i % ls.length),
  ),
  fc.nat().map(
    (i): Mutation =>
      (ls) => [...ls.slice(0, (i % ls.length) + 1), ls[i % ls.length], ...ls.slice((i % ls.length) + 1)],
  ),
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...TOKENS)).map(
    ([i, at, tok]): Mutation =>
      (ls) =>
        ls.map((l, j) =>
          j === i % ls.length ? l.slice(0, at % (l.length + 1)) + tok + l.slice(at % (l.length + 1)) : l,
        ),
  ),
  fc.nat().map(
    (i): Mutation =>
      (ls) =>
        ls.map((l, j) => (j === i % ls.length ? l.replace(/^ {2}/, '') : l)),
  ),
);

export const sigmaYamlArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...SIGMA_SEEDS), fc.array(mutationArb, { maxLength: 3 }))
      .map(([seed, ms]) => ms.reduce((ls, m) => m(ls), seed.split('\n')).join('\n')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc.array(fc.constantFrom(...SIGMA_SNIPPETS, ...TOKENS), { maxLength: 12 }).map((xs) => xs.join('\n')),
  },
);

const QUERIES = [
  'category:authentication AND details.success:false',
  '*',
  '',
  'details.__proto__.polluted:1',
  'a:(b',
  '/(a|a)*b/',
  'x'.repeat(10_001),
  'NOT NOT NOT',
  'utctimestamp:>8000000000000000',
  'id:nope',
];

const BASE: Record<string, unknown> = {
  name: 'fuzz rule',
  query: 'category:authentication',
  severity: 'NOTICE',
  category: 'fuzz',
  tags: ['fuzz'],
  summary: '{count} by {details.sourceipaddress}',
  enabled: false,
};

export const RULE_SEEDS: Array<Record<string, unknown>> = [
  { ...BASE, type: 'match' },
  { ...BASE, type: 'threshold', groupBy: ['details.sourceipaddress'], threshold: 10, window: '2m' },
  { ...BASE, type: 'cardinality', distinct: 'details.username', threshold: 3, window: '1h', suppress: '10m' },
  { ...BASE, type: 'sequence', steps: [{ query: 'a' }, { query: 'b' }], window: '5m' },
  { ...BASE, type: 'deadman', window: '1h' },
  { ...BASE, type: 'watchlist' },
  { type: 'sigma', yaml: SIGMA_SEEDS[0], enabled: false },
  { type: 'sigma', yaml: SIGMA_SEEDS[3], enabled: false },
  { type: 'code', module: 'nope.ts', enabled: false },
];

const KEYS = [
  'type',
  'name',
  'query',
  'groupBy',
  'threshold',
  'window',
  'severity',
  'category',
  'tags',
  'summary',
  'enabled',
  'distinct',
  'steps',
  'suppress',
  'notify',
  'yaml',
  'module',
  'description',
  '__proto__',
  'constructor',
  'prototype',
  'version',
  'id',
];

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(...QUERIES),
  sigmaYamlArb,
  fc.constantFrom(
    null,
    -1,
    0,
    1e308,
    10_001,
    '0s',
    '8d',
    '99999999d',
    'notice',
    'EMERGENCY',
    [],
    {},
    ['details.__proto__'],
    ['id'],
    [''],
    ['a..b'],
    [{ query: '(' }],
    ['00000000-0000-4000-8000-000000000000'],
  ),
  fc.constant(JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}')),
);

/** A rule body as a client might send it: random JSON, or a valid rule with some fields replaced. */
export const ruleBodyArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  {
    weight: 5,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...RULE_SEEDS),
        fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.option(hostile, { nil: undefined })), { maxLength: 3 }),
      )
      .map(([seed, edits]) => {
        // Own properties, so "__proto__" is a key like JSON.parse makes it.
        const out = Object.fromEntries(Object.entries(seed));
        for (const [k, v] of edits) {
          if (v === undefined) delete out[k];
          else Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
        }
        return out;
      }),
  },
);
