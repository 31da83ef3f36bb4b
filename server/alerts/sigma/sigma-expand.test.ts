// Sigma `|expand` placeholders: `%name%` becomes the values the deployment defines for it (the
// placeholders file), in memory and in SQL alike; a name with no values refuses the rule naming it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRuleDefinition } from '../rule-definition.ts';
import { parsePlaceholders, setSigmaPlaceholders } from './placeholders.ts';
import { compileSigma } from './sigma-rule.ts';
import { eventsDatabase, testEvent, type EventsDatabase } from './sigma-test-db.ts';

// The specification's standard placeholders, as an administrator would fill them in.
const FILE = `Administrators: [root, 'admin-*']\nJumpServers: bastion-1\nServers: ['srv*', 42]\n`;

// A rule of the shape SigmaHQ's placeholder rules have (a user list kept per deployment).
const RULE = `title: Administrator logon on a server
logsource:
  product: linux
  service: sshd
detection:
  admins:
    User|expand: '%Administrators%'
  servers:
    ComputerName|expand: '%Servers%'
  condition: admins and servers
`;

const events = [
  testEvent(0, { processname: 'sshd', hostname: 'srv-db1', details: { username: 'root' } }),
  testEvent(1, { processname: 'sshd', hostname: 'srv-db1', details: { username: 'admin-carol' } }),
  testEvent(2, { processname: 'sshd', hostname: 'srv-db1', details: { username: 'bob' } }),
  testEvent(3, { processname: 'sshd', hostname: 'laptop-7', details: { username: 'root' } }),
  testEvent(4, { processname: 'sshd', hostname: '42', details: { username: 'root' } }),
  testEvent(5, { processname: 'sshd', hostname: 'srv-x', details: { username: 'percent%admins' } }),
];

describe('Sigma |expand', () => {
  let store: EventsDatabase;
  beforeAll(async () => {
    store = await eventsDatabase(events);
    setSigmaPlaceholders(parsePlaceholders(FILE, 'test'));
  });
  afterAll(async () => {
    setSigmaPlaceholders(new Map());
    await store?.db.drop();
  });

  it('expands each placeholder to its values (wildcards in them work) in memory and in SQL', async () => {
    const got = await store.select(compileSigma(RULE).query);
    const want = [events[0].id, events[1].id, events[4].id].sort();
    expect(got.memory).toEqual(want);
    expect(got.sql).toEqual(want);
  });

  it('splices a placeholder into a longer value; \\% is a plain percent sign', async () => {
    const rule = (v: string) => `title: t\ndetection:\n  s:\n    User|expand: '${v}'\n  condition: s\n`;
    expect((await store.select(compileSigma(rule('%JumpServers%-x')).query)).memory).toEqual([]);
    const literal = await store.select(compileSigma(rule('percent\\%admins')).query);
    expect(literal.memory).toEqual([events[5].id]);
    expect(literal.sql).toEqual([events[5].id]);
  });

  it('refuses a rule naming a placeholder that has no values, naming it and those defined', () => {
    const r = parseRuleDefinition({ type: 'sigma', yaml: RULE.replace('%Servers%', '%DomainControllers%') });
    expect(r).toMatchObject({
      ok: false,
      message: expect.stringContaining(
        'the placeholder %DomainControllers% in "ComputerName|expand" is not defined (defined: Administrators, JumpServers, Servers)',
      ),
    });
  });

  it('recompiles when the placeholders change (a cached rule is not reused)', () => {
    expect(() => compileSigma(RULE)).not.toThrow();
    setSigmaPlaceholders(new Map([['Administrators', ['root']]]));
    try {
      expect(() => compileSigma(RULE)).toThrow(
        'the placeholder %Servers% in "ComputerName|expand" is not defined (defined: Administrators)',
      );
    } finally {
      setSigmaPlaceholders(parsePlaceholders(FILE, 'test'));
    }
  });

  it('without |expand, %name% is a literal value', () => {
    expect(() => compileSigma(RULE.replaceAll('|expand', ''))).not.toThrow();
  });
});

describe('the placeholders file', () => {
  it.each([
    ['[a, b]', 'must map placeholder names to values'],
    ['"%Admins%": [root]', 'placeholder name "%Admins%" must be letters'],
    ['Admins: []', 'placeholder "Admins" needs a value or a list'],
    ['Admins: {a: 1}', 'placeholder "Admins" needs a value or a list'],
    ['Admins: [', 'not valid YAML'],
  ])('%s is refused', (text, message) => {
    expect(() => parsePlaceholders(text, 'file.yml')).toThrow(message);
  });

  it('an empty file defines none', () => {
    expect(parsePlaceholders('', 'f').size).toBe(0);
  });
});
