// Every sshd line that names the peer, as OpenSSH 7.x-9.x writes it, and MozDef's parse_sshd and
// sshdFindIP cases (MozDef stored ports as text; Picket stores numbers).
import { describe, expect, it } from 'vitest';
import {
  enrich as catalogueEnrich,
  event as catalogueEvent,
  run as runRule,
} from '../../alerts/catalogue/catalogue-harness.ts';
import type { PicketEvent } from '../../ingest/event.ts';
import { Enricher } from '../enrich.ts';
import { createDefaultPlugins } from './index.ts';
import { createSshdFindIpPlugin } from './sshd-find-ip.ts';
import { createSshdPlugin } from './sshd.ts';

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
const sshd = createSshdPlugin();
const parse = (summary: string) => sshd.onEvent(event(summary))?.details;

describe('sshd lines that name a peer', () => {
  it.each<[string, Record<string, unknown>]>([
    [
      'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9  user=root',
      { sshdevent: 'pam_auth_failure', sourceipaddress: '203.0.113.9', username: 'root', success: false },
    ],
    [
      'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=2001:db8:0:0::25',
      { sshdevent: 'pam_auth_failure', sourceipaddress: '2001:db8::25', success: false },
    ],
    [
      'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=scanner.example.net  user=admin',
      { sshdevent: 'pam_auth_failure', username: 'admin', success: false },
    ],
    [
      'Received disconnect from 203.0.113.9 port 52044:11: Bye Bye [preauth]',
      { sshdevent: 'received_disconnect', sourceipaddress: '203.0.113.9', sourceport: 52044, disconnectreason: 11 },
    ],
    [
      'Received disconnect from 2001:db8::9 port 40022:11: disconnected by user',
      { sshdevent: 'received_disconnect', sourceipaddress: '2001:db8::9', sourceport: 40022, disconnectreason: 11 },
    ],
    [
      'Disconnected from invalid user ubnt 203.0.113.9 port 52044 [preauth]',
      { sshdevent: 'disconnected', username: 'ubnt', sourceipaddress: '203.0.113.9', sourceport: 52044 },
    ],
    [
      'Disconnected from authenticating user root 2001:db8::9 port 40022 [preauth]',
      { sshdevent: 'disconnected', username: 'root', sourceipaddress: '2001:db8::9', sourceport: 40022 },
    ],
    [
      'Connection closed by invalid user oracle 203.0.113.9 port 52046 [preauth]',
      { sshdevent: 'connection_closed', username: 'oracle', sourceipaddress: '203.0.113.9', sourceport: 52046 },
    ],
    [
      'Connection closed by authenticating user git 2001:db8::9 port 40023 [preauth]',
      { sshdevent: 'connection_closed', username: 'git', sourceipaddress: '2001:db8::9', sourceport: 40023 },
    ],
    [
      'Connection closed by 198.51.100.3 port 60211 [preauth]',
      { sshdevent: 'connection_closed', sourceipaddress: '198.51.100.3', sourceport: 60211 },
    ],
    [
      'Connection reset by 198.51.100.3 port 60212 [preauth]',
      { sshdevent: 'connection_reset', sourceipaddress: '198.51.100.3', sourceport: 60212 },
    ],
    [
      'Invalid user test from 203.0.113.9 port 52048',
      {
        sshdevent: 'invalid_user',
        username: 'test',
        sourceipaddress: '203.0.113.9',
        sourceport: 52048,
        success: false,
      },
    ],
    [
      'Invalid user admin from 2001:db8::9 port 40024',
      {
        sshdevent: 'invalid_user',
        username: 'admin',
        sourceipaddress: '2001:db8::9',
        sourceport: 40024,
        success: false,
      },
    ],
    [
      'error: maximum authentication attempts exceeded for root from 203.0.113.9 port 52050 ssh2 [preauth]',
      {
        sshdevent: 'max_auth_attempts',
        username: 'root',
        sourceipaddress: '203.0.113.9',
        sourceport: 52050,
        success: false,
      },
    ],
    [
      'error: maximum authentication attempts exceeded for invalid user support from 2001:db8::9 port 40025 ssh2 [preauth]',
      {
        sshdevent: 'max_auth_attempts',
        username: 'support',
        sourceipaddress: '2001:db8::9',
        sourceport: 40025,
        success: false,
      },
    ],
    [
      'Did not receive identification string from 203.0.113.9 port 52052',
      { sshdevent: 'no_identification', sourceipaddress: '203.0.113.9', sourceport: 52052 },
    ],
    [
      'Did not receive identification string from 203.0.113.9',
      { sshdevent: 'no_identification', sourceipaddress: '203.0.113.9' },
    ],
    [
      'Unable to negotiate with 203.0.113.9 port 52054: no matching key exchange method found. Their offer: diffie-hellman-group1-sha1 [preauth]',
      {
        sshdevent: 'negotiation_failed',
        sourceipaddress: '203.0.113.9',
        sourceport: 52054,
        negotiationerror: 'no matching key exchange method found. Their offer: diffie-hellman-group1-sha1',
      },
    ],
    [
      'Unable to negotiate with 2001:db8::9 port 40026: no matching host key type found. Their offer: ssh-rsa,ssh-dss [preauth]',
      {
        sshdevent: 'negotiation_failed',
        sourceipaddress: '2001:db8::9',
        sourceport: 40026,
        negotiationerror: 'no matching host key type found. Their offer: ssh-rsa,ssh-dss',
      },
    ],
    [
      'banner exchange: Connection from 203.0.113.9 port 52056: invalid format',
      {
        sshdevent: 'banner_exchange_failed',
        sourceipaddress: '203.0.113.9',
        sourceport: 52056,
        bannererror: 'invalid format',
      },
    ],
    [
      'banner exchange: Connection from 2001:db8::9 port 40027: could not read protocol version',
      {
        sshdevent: 'banner_exchange_failed',
        sourceipaddress: '2001:db8::9',
        sourceport: 40027,
        bannererror: 'could not read protocol version',
      },
    ],
    [
      'Disconnecting invalid user admin 203.0.113.9 port 52058: Too many authentication failures [preauth]',
      {
        sshdevent: 'disconnecting',
        username: 'admin',
        sourceipaddress: '203.0.113.9',
        sourceport: 52058,
        disconnectmessage: 'Too many authentication failures',
      },
    ],
    [
      'Connection from 203.0.113.9 port 52060 on 192.0.2.1 port 22 rdomain ""',
      {
        sshdevent: 'connection',
        sourceipaddress: '203.0.113.9',
        sourceport: 52060,
        destinationipaddress: '192.0.2.1',
        destinationport: 22,
      },
    ],
    [
      'fatal: Timeout before authentication for 203.0.113.9 port 52062',
      { sshdevent: 'auth_timeout', sourceipaddress: '203.0.113.9', sourceport: 52062 },
    ],
    [
      'error: PAM: Authentication failure for illegal user guest from 203.0.113.9',
      { sshdevent: 'pam_auth_failure', username: 'guest', sourceipaddress: '203.0.113.9', success: false },
    ],
    [
      'Accepted publickey for deploy from 2001:db8::40 port 41000 ssh2: RSA-CERT SHA256:Zm9v ID deploy (serial 7) CA ED25519 SHA256:YmFy',
      {
        sshdevent: 'accepted',
        authstatus: 'Accepted',
        authmethod: 'publickey',
        username: 'deploy',
        sourceipaddress: '2001:db8::40',
        sourceport: 41000,
        success: true,
        keytype: 'RSA-CERT',
        keyfingerprint: 'SHA256:Zm9v',
      },
    ],
  ])('%s', (summary, expected) => {
    expect(parse(summary)).toEqual(expected);
  });

  it('connection-ending lines say nothing about success, so a failure count cannot include them', () => {
    for (const s of [
      'Received disconnect from 203.0.113.9 port 52044:11: Bye Bye [preauth]',
      'Disconnected from invalid user ubnt 203.0.113.9 port 52044 [preauth]',
      'Connection closed by invalid user oracle 203.0.113.9 port 52046 [preauth]',
      'Did not receive identification string from 203.0.113.9 port 52052',
    ]) {
      expect(parse(s)).not.toHaveProperty('success');
    }
  });
});

// MozDef parse_sshd's cases: [summary, fields its test asserted].
const MOZDEF_PARSE_SSHD: Array<[string, Record<string, unknown>]> = [
  [
    'Accepted publickey for user1 from 10.22.74.208 port 26388 ssh2: RSA 1f:c9:4c:90:bc:fb:72:c7:4d:02:da:07:ed:fe:07:ac',
    {
      username: 'user1',
      rsakeyfingerprint: '1f:c9:4c:90:bc:fb:72:c7:4d:02:da:07:ed:fe:07:ac',
      authmethod: 'publickey',
      sourceport: 26388,
      authstatus: 'Accepted',
      sourceipaddress: '10.22.74.208',
    },
  ],
  [
    'Accepted publickey for user1@domainname.com from 10.22.248.134 port 52216 ssh2: RSA SHA256:1fPhSawXQzFDrJoN2uSos2nGg3wS3oGp15x8/HR+pBc',
    {
      username: 'user1@domainname.com',
      rsakeyfingerprint: 'SHA256:1fPhSawXQzFDrJoN2uSos2nGg3wS3oGp15x8/HR+pBc',
      authmethod: 'publickey',
      sourceport: 52216,
      authstatus: 'Accepted',
      sourceipaddress: '10.22.248.134',
    },
  ],
  [
    'Accepted publickey for user1@domainname.com from 10.22.74.208 port 26388 ssh2: RSA 1f:c9:4c:90:bc:fb:72:c7:4d:02:da:07:ed:fe:07:ac',
    {
      username: 'user1@domainname.com',
      rsakeyfingerprint: '1f:c9:4c:90:bc:fb:72:c7:4d:02:da:07:ed:fe:07:ac',
      authmethod: 'publickey',
      sourceport: 26388,
      authstatus: 'Accepted',
      sourceipaddress: '10.22.74.208',
    },
  ],
  // MozDef asserted rsakeyfingerprint is None: here the field is absent.
  [
    'Accepted publickey for user1 from 10.22.74.208 port 26388 ssh2',
    {
      username: 'user1',
      rsakeyfingerprint: undefined,
      authmethod: 'publickey',
      sourceport: 26388,
      authstatus: 'Accepted',
      sourceipaddress: '10.22.74.208',
    },
  ],
  ['pam_unix(sshd:session): session opened for user user1 by (uid=0)', { username: 'user1' }],
  ['pam_unix(sshd:session): session closed for user user1', { username: 'user1' }],
  ['Postponed publickey for user1 from 10.22.75.209 port 37486 ssh2', { username: 'user1', authmethod: 'publickey' }],
  [
    'Postponed publickey for user1 from 10.22.75.209 port 37486 ssh2 [preauth]',
    { username: 'user1', authmethod: 'publickey' },
  ],
  [
    'Postponed publickey for user1@somewhere.com from 10.22.74.208 port 37486 ssh2 [preauth]',
    { username: 'user1@somewhere.com', authmethod: 'publickey' },
  ],
  [
    'Starting session: command for user1 from 10.22.128.93 port 51748',
    { username: 'user1', sessiontype: 'command', sourceipaddress: '10.22.128.93', sourceport: 51748 },
  ],
  [
    'Starting session: shell on pts/0 for user2 from 10.22.252.6 port 59983',
    { username: 'user2', sessiontype: 'shell', sourceipaddress: '10.22.252.6', sourceport: 59983, device: 'pts/0' },
  ],
  [
    'Invalid user user@loftydreams.com from 10.22.75.209',
    { username: 'user@loftydreams.com', sourceipaddress: '10.22.75.209' },
  ],
  ['input_userauth_request: invalid user user1 [preauth]', { username: 'user1' }],
  // OpenSSH < 7.3's "from IP: N:" format: MozDef stored N as sourceport, and so does Picket.
  [
    'Received disconnect from 10.22.75.209: 2103: Bye Bye [preauth]',
    { sourceipaddress: '10.22.75.209', sourceport: 2103 },
  ],
  [
    'Received disconnect from 10.22.75.209: 2103: Normal Shutdown, Thank you for playing [preauth]',
    { sourceipaddress: '10.22.75.209', sourceport: 2103 },
  ],
  ['Received disconnect from 10.22.75.209: 2103:  [preauth]', { sourceipaddress: '10.22.75.209', sourceport: 2103 }],
];

describe('MozDef parse_sshd cases', () => {
  // MozDef's input: a syslog event whose details already held the shipper's guess of the peer.
  const shipperDetails = {
    processid: '5413',
    sourceipv4address: '10.22.74.208',
    hostname: 'mysuperhost.somewhere.com',
    program: 'sshd',
    sourceipaddress: '10.22.74.208',
    sourceport: '37486',
  };
  it.each(MOZDEF_PARSE_SSHD)('%s', (summary, expected) => {
    const out = sshd.onEvent(event(summary, { category: 'syslog', details: { ...shipperDetails } }));
    for (const [k, v] of Object.entries(expected)) expect(out?.details[k], k).toEqual(v);
  });
  it('Starting session with OpenSSH 9 "id N" suffix; session lines with Linux-PAM 1.5 "(uid=N)"', () => {
    expect(parse('Starting session: shell on pts/1 for root from 2001:db8::5 port 50000 id 0')).toMatchObject({
      sessiontype: 'shell',
      device: 'pts/1',
      username: 'root',
      sourceipaddress: '2001:db8::5',
    });
    expect(parse('pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)')).toMatchObject({
      username: 'alice',
      sshdevent: 'session_opened',
    });
  });
});

describe('MozDef sshdFindIP', () => {
  const findIp = createSshdFindIpPlugin();
  const run = (summary: string, details: Record<string, unknown> = {}) =>
    findIp.onEvent(event(summary, { details }))?.details;
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      "Bad protocol version identification 'GET / HTTP/1.1' from 203.0.113.9 port 52064",
      {},
      { sourceipaddress: '203.0.113.9' },
    ],
    ['fail2ban.actions: WARNING [sshd] Ban "198.51.100.7",', {}, { sourceipaddress: '198.51.100.7' }],
    ['first 10.0.0.1 then 10.0.0.2', {}, { sourceipaddress: '10.0.0.1' }],
    ['a network 10.1.0.0/16 word', {}, { sourceipaddress: '10.1.0.0/16' }],
    ['kept: 10.0.0.1', { sourceipaddress: '192.0.2.1' }, { sourceipaddress: '192.0.2.1' }],
    ['no address 1.2.3 or 999.1.1.1 or 10:22:33 here', {}, {}],
  ])('%s', (summary, details, expected) => {
    expect(run(summary, details)).toEqual(expected);
  });
  it('registers for sshd and fail2ban at priority 5, before the sshd parser, which overrides it from the parsed line', () => {
    expect([findIp.priority, findIp.registration]).toEqual([5, ['sshd', 'fail2ban']]);
    const [e] = new Enricher([findIp, sshd]).enrich([
      event('Failed password for 10.9.9.9 from 203.0.113.9 port 22 ssh2'),
    ]);
    expect(e.details.sourceipaddress).toBe('203.0.113.9');
    const [f] = new Enricher([findIp, sshd]).enrich([event('Ban 198.51.100.7', { processname: 'fail2ban' })]);
    expect(f.details.sourceipaddress).toBe('198.51.100.7');
  });
  it('is in the default set', () => {
    expect(createDefaultPlugins().map((p) => p.name)).toContain('sshdFindIP');
  });
});

describe('the shipped ssh brute-force rule and the new sshd lines', () => {
  it('counts one attempt once: 9 failed passwords plus their pam_unix, Invalid user and disconnect lines stay below 10', () => {
    const ip = '198.51.100.77';
    const lines = Array.from({ length: 9 }, (_, i) => [
      `Invalid user u${i} from ${ip} port ${6000 + i}`,
      `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}  user=u${i}`,
      `Failed password for invalid user u${i} from ${ip} port ${6000 + i} ssh2`,
      `Received disconnect from ${ip} port ${6000 + i}:11: Bye Bye [preauth]`,
      `Disconnected from invalid user u${i} ${ip} port ${6000 + i} [preauth]`,
      `Connection closed by invalid user u${i} ${ip} port ${6000 + i} [preauth]`,
    ]).flat();
    const events = catalogueEnrich(
      lines.map((summary) => catalogueEvent({ processname: 'sshd', category: 'syslog', summary })),
    );
    expect(events.filter((e) => e.details.sourceipaddress === ip)).toHaveLength(lines.length);
    expect(runRule('mozdef.bruteforce_ssh', events).summaries).toEqual([]);
  });
});
