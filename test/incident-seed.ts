// A realistic busy incident (and a few others for the list/board), built through the public REST
// API, for the docs screenshots.

type Rest = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

const HOUR = 3_600_000;
const ago = (h: number) => new Date(Date.now() - h * HOUR).toISOString();

async function ok(rest: Rest, method: string, path: string, body?: unknown): Promise<any> {
  const res = await rest(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Returns the id of the busy incident. `rest` is the admin; `people` act as the responders (their
 * signed-in sessions) so the room shows who wrote what; `soar` is an automation token.
 */
export async function seedBusyIncident(rest: Rest, people: [Rest, Rest], soar: Rest): Promise<string> {
  const users = (await ok(rest, 'GET', '/users')).users as Array<{ id: string; email: string }>;
  const ana = users.find((u) => u.email.startsWith('ana@'))!.id;
  const bob = users.find((u) => u.email.startsWith('bob@'))!.id;

  // Other cases, so the list, board and metrics have something to show.
  const others: Array<[string, string, string, number, number | null, number | null]> = [
    ['Ransomware note found on file server fs2', 'critical', 'Eradication', 30, 4, null],
    ['Suspicious OAuth app consent in tenant', 'medium', 'Identification', 5, null, null],
    ['Malware beacon from build agent ci-7', 'high', 'Recovery', 72, 6, null],
    ['Lost laptop with cached credentials', 'low', 'Lessons Learned', 200, 2, null],
    ['Web shell on legacy intranet host', 'high', 'Closed', 400, 8, 96],
    ['Phishing kit hosted on lookalike domain', 'medium', 'Closed', 300, 3, 30],
    ['Port scan from partner VPN range', 'low', 'Identification', 1, null, null],
  ];
  for (const [summary, severity, phase, openedH, containH, closeH] of others) {
    const c = await ok(rest, 'POST', '/incidents', {
      summary,
      severity,
      ownerId: summary.length % 2 ? ana : bob,
      openedAt: ago(openedH),
    });
    const dates: Record<string, string> = {};
    if (containH) dates.containedAt = ago(openedH - containH);
    if (closeH) dates.closedAt = ago(openedH - closeH);
    const closing =
      phase === 'Closed'
        ? { resolution: 'truepositive', resolutionSummary: 'Contained and cleaned up; see the timeline.' }
        : {};
    const moved = await ok(rest, 'PATCH', `/incidents/${c.id}`, { version: c.version, phase, ...closing });
    if (Object.keys(dates).length) await ok(rest, 'PATCH', `/incidents/${c.id}`, { version: moved.version, ...dates });
  }

  const inc = await ok(rest, 'POST', '/incidents', {
    summary: 'Business email compromise: CFO mailbox forwarding to external address',
    severity: 'critical',
    ownerId: ana,
    openedAt: ago(9),
    reportedAt: ago(9.2),
    description:
      'Finance reported an unusual wire transfer request "from the CFO".\nMailbox audit shows an inbox rule forwarding all mail to an external Gmail address, created after a sign-in from 198.51.100.23.\n\nScope so far: CFO mailbox only; no other rules found in a tenant-wide sweep.',
    attack: ['T1114', 'T1078', 'T1566'],
    veris: ['action.Social.Phishing', 'action.Hacking.Use of stolen creds'],
    references: ['SEC-4411', 'https://intranet.example.org/runbooks/bec'],
    contacts: ['Finance: Dana (controller)', 'Legal: M. Ortiz'],
  });
  const id = inc.id as string;
  const entries: Array<[number, string, string]> = [
    [
      9.1,
      'communication',
      'Finance controller reports an unusual wire transfer request from the CFO, asks for verification.',
    ],
    [8.9, 'note', 'Opened incident; CFO confirms by phone he did not send the request.'],
    [8.7, 'finding', 'Inbox rule "RSS sync" forwards all mail to an external Gmail address.'],
    [8.6, 'finding', 'Rule created 2 days ago from a sign-in at 198.51.100.23 (hosting provider, no prior history).'],
    [8.4, 'action', 'Disabled the forwarding rule and blocked external auto-forwarding tenant-wide.'],
    [8.3, 'action', 'Revoked all refresh tokens for the CFO account; forced password reset.'],
    [8.0, 'communication', 'Informed the CISO and legal; bank contacted to hold the pending transfer.'],
    [
      7.6,
      'finding',
      'Sign-in logs: 14 successful sign-ins from 198.51.100.23 over 3 days, MFA satisfied by a push approved at 02:13.',
    ],
    [7.2, 'note', 'Likely MFA fatigue: the CFO remembers approving "a prompt that kept coming back" at night.'],
    [6.8, 'action', 'Enabled number matching for push MFA for all executives.'],
    [6.1, 'finding', 'Phishing mail from lookalike domain examp1e-payroll.com delivered to 6 executives a week ago.'],
    [5.5, 'action', 'Purged the phishing mail from all mailboxes; lookalike domain added to the block list.'],
    [4.9, 'note', 'No other inbox rules or OAuth grants found for the 6 recipients.'],
    [3.7, 'communication', 'Bank confirms the transfer was stopped; no funds lost.'],
    [2.4, 'finding', 'Mail trace: 212 messages were forwarded, incl. 3 with payroll spreadsheets.'],
    [1.2, 'action', 'Legal reviewing whether the forwarded payroll data is a notifiable breach.'],
    [0.4, 'note', 'Containment holding; moving to eradication once the device check of the CFO laptop is done.'],
  ];
  for (const [i, [h, kind, text]] of entries.entries()) {
    const by = i === 5 || i === 11 ? soar : people[i % 3 === 0 ? 1 : 0];
    await ok(by, 'POST', `/incidents/${id}/timeline`, { occurredAt: ago(h), kind, text });
  }

  const rule = await ok(people[1], 'POST', `/incidents/${id}/evidence`, {
    kind: 'text',
    title: 'Inbox rule export (Get-InboxRule)',
    text: 'Name: RSS sync\nForwardTo: ceo.office.mail@gmail.com\nDeleteMessage: True\nCreated: 2026-11-28T02:21:07Z',
  });
  const signins = await ok(people[0], 'POST', `/incidents/${id}/evidence`, {
    kind: 'file',
    fileName: 'signin-logs-cfo.csv',
    contentType: 'text/csv',
    contentBase64: Buffer.from(
      'time,ip,result,mfa\n2026-11-28T02:13:44Z,198.51.100.23,success,push approved\n',
    ).toString('base64'),
  });
  await ok(people[1], 'POST', `/incidents/${id}/evidence`, {
    kind: 'text',
    title: 'Phishing mail headers',
    text: 'From: "Payroll" <payroll@examp1e-payroll.com>\nReceived: from mail.examp1e-payroll.com (203.0.113.77)',
  });

  const h1 = await ok(people[0], 'POST', `/incidents/${id}/hypotheses`, {
    statement: 'Credentials were phished via the payroll lookalike mail and MFA was defeated by push fatigue',
    status: 'supported',
    confidence: 80,
    supportingEvidence: [rule.id, signins.id],
  });
  await ok(people[1], 'POST', `/incidents/${id}/hypotheses/${h1.id}/comments`, {
    text: 'The 02:13 push approval lines up with the first sign-in from the hosting IP.',
  });
  await ok(people[0], 'POST', `/incidents/${id}/hypotheses/${h1.id}/comments`, {
    text: 'Agree. Checking whether the other 5 recipients got prompts too.',
  });
  await ok(people[1], 'POST', `/incidents/${id}/hypotheses`, {
    statement: 'The CFO laptop is infected with an infostealer (session cookie theft)',
    confidence: 20,
    refutingEvidence: [signins.id],
  });

  for (const [type, value, note] of [
    ['ip', '198.51.100.23', 'attacker sign-ins'],
    ['domain', 'examp1e-payroll.com', 'phishing sender'],
    ['ip', '203.0.113.77', 'phishing mail server'],
    ['user', 'cfo@example.org', 'compromised account'],
    ['url', 'https://examp1e-payroll.com/login?session=review', 'credential harvesting page'],
  ]) {
    await ok(people[1], 'POST', `/incidents/${id}/indicators`, { type, value, note });
  }
  for (const [title, assigneeId, dueH, status] of [
    ['Image and check the CFO laptop', bob, -4, 'in_progress'],
    ['Legal: breach notification assessment', ana, -20, 'open'],
    ['Sweep all mailboxes for forwarding rules', bob, 2, 'done'],
    ['Brief executives on MFA prompts', ana, -48, 'open'],
  ] as const) {
    await ok(people[0], 'POST', `/incidents/${id}/tasks`, { title, assigneeId, dueAt: ago(dueH), status });
  }
  const cur = await ok(rest, 'GET', `/incidents/${id}`);
  await ok(people[0], 'PATCH', `/incidents/${id}`, { version: cur.version, phase: 'Containment' });
  return id;
}
