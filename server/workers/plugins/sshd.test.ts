import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { createSshdPlugin, parseSshdSummary } from './sshd.ts';

function event(summary: string, over: Partial<PicketEvent> = {}): PicketEvent {
  return {
    id: 'e1',
    utctimestamp: '2026-01-01T00:00:00.000Z',
    receivedtimestamp: '2026-01-01T00:00:00.000Z',
    category: 'UNKNOWN',
    source: 'syslog',
    hostname: 'bastion',
    processname: 'sshd',
    processid: '812',
    severity: 'INFO',
    summary,
    tags: [],
    details: {},
    ...over,
  };
}

const plugin = createSshdPlugin();

describe('sshd', () => {
  it.each<[string, Record<string, unknown>]>([
    [
      'Failed password for invalid user bob from 203.0.113.9 port 4242 ssh2',
      {
        sshdevent: 'failed',
        authstatus: 'Failed',
        username: 'bob',
        sourceipaddress: '203.0.113.9',
        sourceport: 4242,
        success: false,
        authmethod: 'password',
      },
    ],
    [
      'Failed password for root from 198.51.100.4 port 50022 ssh2',
      {
        sshdevent: 'failed',
        authstatus: 'Failed',
        username: 'root',
        sourceipaddress: '198.51.100.4',
        sourceport: 50022,
        success: false,
        authmethod: 'password',
      },
    ],
    [
      'Failed password for invalid user john smith from 203.0.113.9 port 1 ssh2',
      {
        sshdevent: 'failed',
        authstatus: 'Failed',
        username: 'john smith',
        sourceipaddress: '203.0.113.9',
        sourceport: 1,
        success: false,
        authmethod: 'password',
      },
    ],
    [
      'Failed publickey for git from 2001:db8::7 port 2200 ssh2: RSA SHA256:abcdef',
      {
        sshdevent: 'failed',
        authstatus: 'Failed',
        username: 'git',
        sourceipaddress: '2001:db8::7',
        sourceport: 2200,
        success: false,
        authmethod: 'publickey',
      },
    ],
    [
      'Failed none for invalid user admin from 203.0.113.9 port 3000 ssh2',
      {
        sshdevent: 'failed',
        authstatus: 'Failed',
        username: 'admin',
        sourceipaddress: '203.0.113.9',
        sourceport: 3000,
        success: false,
        authmethod: 'none',
      },
    ],
    [
      'Accepted publickey for alice from 192.0.2.10 port 51234 ssh2: ED25519 SHA256:xyz',
      {
        sshdevent: 'accepted',
        authstatus: 'Accepted',
        username: 'alice',
        sourceipaddress: '192.0.2.10',
        sourceport: 51234,
        success: true,
        authmethod: 'publickey',
        keytype: 'ED25519',
        keyfingerprint: 'SHA256:xyz',
      },
    ],
    [
      'Accepted password for bob from 192.0.2.11 port 1022 ssh2',
      {
        sshdevent: 'accepted',
        authstatus: 'Accepted',
        username: 'bob',
        sourceipaddress: '192.0.2.11',
        sourceport: 1022,
        success: true,
        authmethod: 'password',
      },
    ],
    [
      'Accepted keyboard-interactive/pam for carol from ::ffff:192.0.2.12 port 1023 ssh2',
      {
        sshdevent: 'accepted',
        authstatus: 'Accepted',
        username: 'carol',
        sourceipaddress: '192.0.2.12',
        sourceport: 1023,
        success: true,
        authmethod: 'keyboard-interactive/pam',
      },
    ],
    [
      'Invalid user oracle from 203.0.113.50 port 40000',
      {
        sshdevent: 'invalid_user',
        username: 'oracle',
        sourceipaddress: '203.0.113.50',
        sourceport: 40000,
        success: false,
      },
    ],
    ['Invalid user  from 203.0.113.50', { sshdevent: 'invalid_user', sourceipaddress: '203.0.113.50', success: false }],
    [
      'Invalid user test from 203.0.113.51',
      { sshdevent: 'invalid_user', username: 'test', sourceipaddress: '203.0.113.51', success: false },
    ],
    [
      'Connection closed by authenticating user root 203.0.113.9 port 4242 [preauth]',
      { sshdevent: 'connection_closed', username: 'root', sourceipaddress: '203.0.113.9', sourceport: 4242 },
    ],
    [
      'Connection closed by invalid user dead beef 203.0.113.9 port 4243 [preauth]',
      { sshdevent: 'connection_closed', username: 'dead beef', sourceipaddress: '203.0.113.9', sourceport: 4243 },
    ],
    [
      'Connection closed by 203.0.113.9 port 4244 [preauth]',
      { sshdevent: 'connection_closed', sourceipaddress: '203.0.113.9', sourceport: 4244 },
    ],
    [
      'Disconnected from invalid user guest 203.0.113.9 port 4245 [preauth]',
      { sshdevent: 'disconnected', username: 'guest', sourceipaddress: '203.0.113.9', sourceport: 4245 },
    ],
    [
      'Disconnected from authenticating user root 203.0.113.9 port 4246 [preauth]',
      { sshdevent: 'disconnected', username: 'root', sourceipaddress: '203.0.113.9', sourceport: 4246 },
    ],
    [
      'Disconnected from user alice 192.0.2.10 port 51234',
      { sshdevent: 'disconnected', username: 'alice', sourceipaddress: '192.0.2.10', sourceport: 51234 },
    ],
    [
      'error: maximum authentication attempts exceeded for invalid user pi from 203.0.113.9 port 4247 ssh2 [preauth]',
      {
        sshdevent: 'max_auth_attempts',
        username: 'pi',
        sourceipaddress: '203.0.113.9',
        sourceport: 4247,
        success: false,
      },
    ],
    [
      'error: maximum authentication attempts exceeded for root from 203.0.113.9 port 4248 ssh2 [preauth]',
      {
        sshdevent: 'max_auth_attempts',
        username: 'root',
        sourceipaddress: '203.0.113.9',
        sourceport: 4248,
        success: false,
      },
    ],
  ])('%s', (summary, expected) => {
    const out = plugin.onEvent(event(summary));
    expect(out?.details).toEqual(expected);
    expect(out?.category).toBe('authentication');
  });

  it.each([
    'Server listening on 0.0.0.0 port 22.',
    'Accepted connection from 203.0.113.9 port 4242', // not an OpenSSH auth method
    'Failed password for root from example.invalid port 22 ssh2',
    'pam_unix(sshd:auth): check pass; user unknown',
    'Received disconnect from 203.0.113.9 port x:11: Bye [preauth]',
    '',
  ])('ignores %j', (summary) => {
    const out = plugin.onEvent(event(summary));
    expect(out?.details).toEqual({});
    expect(out?.category).toBe('UNKNOWN');
  });

  it('keeps a category the shipper set, parses by summary whatever the processname', () => {
    const out = plugin.onEvent(
      event('Accepted password for bob from 192.0.2.11 port 1022 ssh2', {
        category: 'syslog',
        processname: 'sshd-session',
      }),
    );
    expect(out?.category).toBe('syslog');
    expect(out?.details.username).toBe('bob');
  });

  it('overrides a shipper-provided source address with the one sshd logged, keeps other details', () => {
    const e = event('Failed password for root from 198.51.100.4 port 50022 ssh2');
    e.details = { sourceipaddress: '10.0.0.1', facility: 'auth' };
    expect(plugin.onEvent(e)?.details).toMatchObject({ sourceipaddress: '198.51.100.4', facility: 'auth' });
  });

  it('parseSshdSummary is exported for reuse and returns null on non-matches', () => {
    expect(parseSshdSummary('hello world, nothing to see here')).toBeNull();
    expect(parseSshdSummary('Failed password for x from 1.2.3.4 port 5 ssh2')).toMatchObject({
      username: 'x',
      sourceport: 5,
    });
  });

  it('reads past a pid the syslog setup left at the start of the message', () => {
    expect(parseSshdSummary('[12345] Accepted publickey for tt from 1.2.3.4 port 39190 ssh2')).toMatchObject({
      username: 'tt',
      sourceipaddress: '1.2.3.4',
      success: true,
    });
    expect(
      parseSshdSummary('[68208]: Accepted keyboard-interactive/pam for tt from 1.2.3.4 port 50942 ssh2'),
    ).toMatchObject({ username: 'tt', authmethod: 'keyboard-interactive/pam' });
    expect(parseSshdSummary('[x] Accepted publickey for tt from 1.2.3.4 port 39190 ssh2')).toBeNull();
  });
});
