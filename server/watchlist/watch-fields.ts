// Which event fields the ingest matcher compares with watch items, per item type. Data, not code:
// add a field here and it is checked. Paths are top-level event fields or `details.` paths (dots
// walk nested objects); matching runs after ip-fixup, so IPs arrive under their canonical names.
import type { WatchType } from './watch-values.ts';

export type FieldKind = 'ip' | 'domain' | 'username' | 'hash';

export const WATCH_FIELDS: Readonly<Record<FieldKind, readonly string[]>> = {
  // ip and cidr items are both checked against these.
  ip: [
    'details.sourceipaddress',
    'details.destinationipaddress',
    'details.sourceipv4address',
    'details.destinationipv4address',
    'details.clientip',
    'details.remoteip',
    'details.ip',
    'details.x-forwarded-for',
  ],
  // A domain item matches the name itself and every subdomain (example.com matches www.example.com).
  domain: [
    'hostname',
    'details.hostname',
    'details.domain',
    'details.fqdn',
    'details.host',
    'details.query',
    'details.sourcehostname',
    'details.destinationhostname',
    'details.server_name',
    'details.sni',
  ],
  username: [
    'details.username',
    'details.user',
    'details.sourceusername',
    'details.destinationusername',
    'details.originaluser',
    'details.suser',
    'details.duser',
    'details.email',
  ],
  hash: [
    'details.md5',
    'details.sha1',
    'details.sha256',
    'details.hash',
    'details.filehash',
    'details.md5sum',
    'details.sha1sum',
    'details.sha256sum',
  ],
};

/** Which field kind a watch item type is compared against. */
export const FIELD_KIND_OF: Readonly<Record<WatchType, FieldKind>> = {
  ip: 'ip',
  cidr: 'ip',
  domain: 'domain',
  username: 'username',
  hash: 'hash',
};
