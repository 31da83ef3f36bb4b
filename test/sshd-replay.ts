// Replays test/fixtures/sshd-4h.log into Picket's syslog input over TCP, as rsyslog's omfwd would,
// moved in time so that its four hours end a minute ago.
//
// The log is 2,000 lines of one bastion's sshd over four hours, in OpenSSH 9's exact wording for
// every line that names a peer (failed password, invalid user, pam_unix rhost=, received
// disconnect, disconnected, connection closed, too many failures, kex mismatch), plus staff
// logins. It is synthesized with a fixed seed rather than taken from a real host, whose log would
// carry real addresses and account names.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const SSHD_LOG = path.join(import.meta.dirname, 'fixtures', 'sshd-4h.log');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const STAMP = /^(\w{3}) ([ \d]\d) (\d\d):(\d\d):(\d\d) /;

export function sshdLogLines(): string[] {
  return fs.readFileSync(SSHD_LOG, 'utf8').trimEnd().split('\n');
}

function secondsOf(line: string): number {
  const m = STAMP.exec(line);
  if (!m) throw new Error(`not a syslog line: ${line}`);
  return Date.UTC(2026, MONTHS.indexOf(m[1]!), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])) / 1000;
}

function rfc3164(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** Sends every line (priority auth.info, LF framing) and resolves once the socket has flushed. */
export async function replaySshdLog(port: number, now = Date.now()): Promise<number> {
  const lines = sshdLogLines();
  const last = secondsOf(lines[lines.length - 1]!);
  const shift = now - 60_000 - last * 1000;
  const body = lines.map((l) => `<38>${rfc3164(secondsOf(l) * 1000 + shift)} ${l.replace(STAMP, '')}\n`).join('');
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(body));
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
  return lines.length;
}
