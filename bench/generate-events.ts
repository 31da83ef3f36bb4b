// Deterministic generator of realistic MozDef-style events: sshd auth, CloudTrail, Zeek conn,
// web proxy, and a thin slice of IDS alerts that carries rare words for free-text search.
// Seeded, so two runs (and the COPY baseline) see the same data.

const HOUR_MS = 3_600_000;

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for synthetic data (Math.random can't be seeded). */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

function isReservedV4(a: number, b: number): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    a >= 224 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    (a === 192 && b === 0)
  );
}

/** Weighted index sampler over n items with Zipf(s) weights: a few sources dominate, as scanners do. */
function zipfSampler(n: number, s: number): (r: Rng) => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1) ** s;
  for (let i = 0; i < n; i++) cdf[i] /= sum;
  return (r) => {
    const x = r();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export interface Pools {
  /** ~5k source addresses: mostly public (GeoIP hits), some RFC 1918 and TEST-NET (misses). */
  sourceIps: string[];
  internalIps: string[];
  hostnames: string[];
  users: string[];
  rareWords: string[];
  categories: string[];
}

export const RARE_WORDS = [
  'emotet',
  'qakbot',
  'trickbot',
  'icedid',
  'bumblebee',
  'pikabot',
  'smokeloader',
  'raccoon',
  'redline',
  'vidar',
  'lokibot',
  'formbook',
  'remcos',
  'njrat',
  'asyncrat',
  'dridex',
  'ursnif',
  'zloader',
  'gootloader',
  'socgholish',
  'cobaltstrike',
  'sliver',
  'bruteratel',
  'havoc',
  'mythic',
  'metasploit',
  'mimikatz',
  'rubeus',
  'bloodhound',
  'impacket',
  'xmrig',
  'mirai',
  'gafgyt',
  'mozi',
  'tsunami',
  'kinsing',
  'teamtnt',
  'lockbit',
  'blackcat',
  'akira',
];

export function buildPools(seed = 42): Pools {
  const r = rng(seed);
  const seen = new Set<string>();
  const sourceIps: string[] = [];
  const add = (ip: string) => {
    if (!seen.has(ip)) {
      seen.add(ip);
      sourceIps.push(ip);
    }
  };
  while (sourceIps.length < 4300) {
    const a = int(r, 1, 223);
    const b = int(r, 0, 255);
    if (!isReservedV4(a, b)) add(`${a}.${b}.${int(r, 0, 255)}.${int(r, 1, 254)}`);
  }
  while (sourceIps.length < 4800) add(`10.${int(r, 0, 40)}.${int(r, 0, 255)}.${int(r, 1, 254)}`);
  while (sourceIps.length < 5000) add(`${pick(r, ['203.0.113', '198.51.100', '192.0.2'])}.${int(r, 1, 254)}`);
  // Shuffle so the Zipf head mixes public, private and TEST-NET addresses.
  for (let i = sourceIps.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [sourceIps[i], sourceIps[j]] = [sourceIps[j], sourceIps[i]];
  }
  const internalIps = Array.from({ length: 400 }, () => `10.${int(r, 0, 3)}.${int(r, 0, 255)}.${int(r, 1, 254)}`);
  const roles = ['web', 'api', 'db', 'bastion', 'worker', 'cache', 'mail', 'vpn', 'build', 'k8s-node'];
  const envs = ['prod', 'stage', 'dev', 'corp'];
  const hostnames = Array.from(
    { length: 200 },
    (_, i) =>
      `${roles[i % roles.length]}-${String(Math.floor(i / roles.length) + 1).padStart(2, '0')}.${envs[i % envs.length]}.example.com`,
  );
  const first = [
    'alice',
    'bob',
    'carol',
    'dave',
    'erin',
    'frank',
    'grace',
    'heidi',
    'ivan',
    'judy',
    'mallory',
    'oscar',
    'peggy',
    'trent',
    'victor',
    'walter',
  ];
  const system = [
    'root',
    'admin',
    'ubuntu',
    'ec2-user',
    'oracle',
    'postgres',
    'test',
    'user',
    'git',
    'deploy',
    'pi',
    'ftpuser',
    'guest',
    'support',
    'jenkins',
  ];
  const users = [
    ...system,
    ...first.flatMap((f) => [f, `${f}.${pick(r, ['smith', 'jones', 'lee', 'brown'])}`, `${f}${int(r, 1, 99)}`]),
  ];
  const categories = ['authentication', 'cloudtrail', 'bro', 'proxy', 'ids'];
  return { sourceIps, internalIps, hostnames, users, rareWords: RARE_WORDS, categories };
}

type Raw = Record<string, unknown>;

// Zone offsets shippers really send: time in the host's zone with an explicit offset.
const OFFSETS_MIN = [0, 60, 120, -300, -240, -420, 330, 540, 600];

function isoWithOffset(ms: number, offsetMin: number): string {
  const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 23);
  if (offsetMin === 0) return `${local}+00:00`;
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** One timestamp in a format picked at random: ISO with offset, ISO Z, epoch seconds, epoch millis. */
function timeValue(r: Rng, ms: number): unknown {
  const x = r();
  if (x < 0.35) return isoWithOffset(ms, pick(r, OFFSETS_MIN));
  if (x < 0.55) return new Date(ms).toISOString();
  if (x < 0.7) return Math.round(ms) / 1000; // epoch seconds with millis fraction
  if (x < 0.8) return String(Math.floor(ms / 1000)); // epoch seconds as a string
  if (x < 0.92) return Math.round(ms); // epoch millis
  return String(Math.round(ms));
}

const hex = (r: Rng, n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(r() * 16)];
  return s;
};
const b64 = (r: Rng, n: number) => {
  const cs = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let s = '';
  for (let i = 0; i < n; i++) s += cs[Math.floor(r() * 64)];
  return s;
};

export class EventGenerator {
  private readonly r: Rng;
  private readonly srcIndex = zipfSampler(5000, 1.0);
  private readonly hostIndex = zipfSampler(200, 0.6);

  constructor(
    readonly pools: Pools,
    seed: number,
    /** Events are spread over [endMs - spanMs, endMs]. */
    private readonly endMs: number,
    private readonly spanMs = 23.5 * HOUR_MS,
  ) {
    this.r = rng(seed);
  }

  private src(): string {
    return this.pools.sourceIps[this.srcIndex(this.r)];
  }

  private host(): string {
    return this.pools.hostnames[this.hostIndex(this.r)];
  }

  next(): Raw {
    const r = this.r;
    const ms = this.endMs - Math.floor(r() * this.spanMs);
    const x = r();
    if (x < 0.4) return this.sshd(ms);
    if (x < 0.6) return this.cloudtrail(ms);
    if (x < 0.8) return this.zeek(ms);
    if (x < 0.995) return this.proxy(ms);
    return this.ids(ms);
  }

  private sshd(ms: number): Raw {
    const r = this.r;
    const user = pick(r, this.pools.users);
    const ip = this.src();
    const port = int(r, 1024, 65535);
    const x = r();
    let summary: string;
    if (x < 0.25) summary = `Failed password for invalid user ${user} from ${ip} port ${port} ssh2`;
    else if (x < 0.45) summary = `Failed password for ${user} from ${ip} port ${port} ssh2`;
    else if (x < 0.6) summary = `Accepted publickey for ${user} from ${ip} port ${port} ssh2: RSA SHA256:${b64(r, 43)}`;
    else if (x < 0.65) summary = `Accepted password for ${user} from ${ip} port ${port} ssh2`;
    else if (x < 0.8) summary = `Invalid user ${user} from ${ip} port ${port}`;
    else if (x < 0.85)
      summary = `Failed publickey for ${user} from ${ip} port ${port} ssh2: ED25519 SHA256:${b64(r, 43)}`;
    else if (x < 0.95) summary = `Connection closed by authenticating user ${user} ${ip} port ${port} [preauth]`;
    else summary = `Disconnected from user ${user} ${ip} port ${port}`;
    return {
      [r() < 0.7 ? 'utctimestamp' : 'timestamp']: timeValue(r, ms),
      hostname: this.host(),
      processname: 'sshd',
      processid: String(int(r, 300, 65000)),
      severity: r() < 0.8 ? 'INFO' : 'notice',
      category: 'authentication',
      source: 'syslog',
      tags: ['sshd', 'auth'],
      summary,
      details: { facility: 'auth', program: 'sshd', logfile: '/var/log/auth.log' },
    };
  }

  private cloudtrail(ms: number): Raw {
    const r = this.r;
    const [eventSource, eventName] = pick(r, [
      ['iam.amazonaws.com', 'CreateAccessKey'],
      ['iam.amazonaws.com', 'AttachUserPolicy'],
      ['s3.amazonaws.com', 'GetObject'],
      ['s3.amazonaws.com', 'PutBucketPolicy'],
      ['ec2.amazonaws.com', 'RunInstances'],
      ['ec2.amazonaws.com', 'DescribeInstances'],
      ['sts.amazonaws.com', 'AssumeRole'],
      ['signin.amazonaws.com', 'ConsoleLogin'],
      ['kms.amazonaws.com', 'Decrypt'],
      ['cloudtrail.amazonaws.com', 'StopLogging'],
      ['lambda.amazonaws.com', 'Invoke'],
      ['ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress'],
    ] as const);
    const user = pick(r, this.pools.users);
    const account = pick(r, ['123456789012', '210987654321', '555566667777']);
    const ip = this.src();
    const region = pick(r, ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2']);
    return {
      utctimestamp: timeValue(r, ms),
      hostname: 'cloudtrail',
      category: 'cloudtrail',
      source: 'cloudtrail',
      severity: eventName === 'StopLogging' ? 'WARNING' : 'INFO',
      summary: `${eventName} by ${user} from ${ip} in ${region}`,
      tags: ['aws', 'cloudtrail'],
      details: {
        eventVersion: '1.08',
        eventTime: new Date(ms).toISOString().slice(0, 19) + 'Z',
        eventSource,
        eventName,
        awsRegion: region,
        sourceIPAddress: ip,
        userAgent: pick(r, [
          'aws-cli/2.15.30 Python/3.11.8 Linux/6.1',
          'console.amazonaws.com',
          'Boto3/1.34.69 Python/3.12.2',
          'terraform/1.7.5',
        ]),
        userIdentity: {
          type: r() < 0.8 ? 'IAMUser' : 'AssumedRole',
          principalId: `AIDA${b64(r, 16)
            .toUpperCase()
            .replace(/[^A-Z0-9]/g, 'X')}`,
          arn: `arn:aws:iam::${account}:user/${user}`,
          accountId: account,
          userName: user,
          sessionContext: {
            attributes: {
              mfaAuthenticated: r() < 0.6 ? 'true' : 'false',
              creationDate: new Date(ms - 600_000).toISOString(),
            },
          },
        },
        requestParameters:
          eventName === 'GetObject'
            ? { bucketName: `logs-${account}`, key: `app/${hex(r, 8)}.json.gz` }
            : { maxResults: int(r, 10, 1000) },
        responseElements: null,
        requestID: `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`,
        eventID: `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`,
        readOnly: eventName.startsWith('Describe') || eventName.startsWith('Get'),
        recipientAccountId: account,
      },
    };
  }

  private zeek(ms: number): Raw {
    const r = this.r;
    const inbound = r() < 0.4;
    const orig = inbound ? this.src() : pick(r, this.pools.internalIps);
    const resp = inbound ? pick(r, this.pools.internalIps) : this.src();
    const origP = int(r, 1024, 65535);
    const respP = pick(r, [22, 53, 80, 123, 443, 443, 443, 3389, 8080, 25]);
    const proto = respP === 53 || respP === 123 ? 'udp' : 'tcp';
    const duration = Math.round(r() * r() * 300_000) / 1000;
    const ob = int(r, 0, 50_000);
    const rb = int(r, 0, 2_000_000);
    return {
      timestamp: timeValue(r, ms),
      hostname: `zeek-sensor-${int(r, 1, 4)}.corp.example.com`,
      category: 'bro',
      source: 'conn',
      summary: `${orig}:${origP} -> ${resp}:${respP} ${proto} ${duration}s ${ob}/${rb} bytes`,
      tags: ['zeek', 'conn'],
      details: {
        ts: ms / 1000,
        uid: `C${b64(r, 17).replace(/[+/]/g, 'x')}`,
        'id.orig_h': orig,
        'id.orig_p': origP,
        'id.resp_h': resp,
        'id.resp_p': respP,
        proto,
        service:
          respP === 443
            ? 'ssl'
            : respP === 80 || respP === 8080
              ? 'http'
              : respP === 53
                ? 'dns'
                : respP === 22
                  ? 'ssh'
                  : '-',
        duration,
        orig_bytes: ob,
        resp_bytes: rb,
        conn_state: pick(r, ['SF', 'SF', 'S0', 'REJ', 'RSTO', 'SH']),
        missed_bytes: 0,
        history: pick(r, ['ShADadFf', 'S', 'ShR', 'ShADadfR', 'Dd']),
        orig_pkts: int(r, 1, 500),
        resp_pkts: int(r, 0, 2000),
      },
    };
  }

  private proxy(ms: number): Raw {
    const r = this.r;
    const client = pick(r, this.pools.internalIps);
    const host = pick(r, [
      'www.google.com',
      'github.com',
      'api.slack.com',
      'login.microsoftonline.com',
      'cdn.jsdelivr.net',
      'pastebin.com',
      'updates.example.net',
      'news.ycombinator.com',
      'zoom.us',
      's3.amazonaws.com',
    ]);
    const method = r() < 0.85 ? 'GET' : pick(r, ['POST', 'PUT', 'CONNECT']);
    const path = pick(r, [
      '/',
      '/index.html',
      '/api/v2/messages',
      '/search',
      '/raw/' + hex(r, 8),
      '/assets/app.' + hex(r, 6) + '.js',
      '/login',
    ]);
    const url = `https://${host}${path}${r() < 0.3 ? `?q=${hex(r, 6)}` : ''}`;
    const status = pick(r, [200, 200, 200, 200, 204, 301, 302, 304, 403, 404, 500, 503]);
    const bytes = int(r, 200, 3_000_000);
    return {
      time: timeValue(r, ms),
      hostname: `proxy-${int(r, 1, 3)}.corp.example.com`,
      processname: 'squid',
      category: 'proxy',
      source: 'squid',
      summary: `${client} ${method} ${url} ${status}`,
      details: {
        sourceipaddress: client,
        destination: host,
        destinationipaddress: this.src(),
        url,
        method,
        status,
        bytes,
        useragent: pick(r, [
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
          'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
          'curl/8.5.0',
          'python-requests/2.31.0',
          'Go-http-client/1.1',
        ]),
        elapsed_ms: int(r, 1, 5000),
        cache: pick(r, ['TCP_MISS', 'TCP_HIT', 'TCP_TUNNEL', 'TCP_DENIED']),
      },
    };
  }

  private ids(ms: number): Raw {
    const r = this.r;
    const word = pick(r, this.pools.rareWords);
    const src = this.src();
    return {
      utctimestamp: timeValue(r, ms),
      hostname: `ids-${int(r, 1, 2)}.corp.example.com`,
      processname: 'suricata',
      category: 'ids',
      source: 'suricata',
      severity: 'WARNING',
      summary: `ET MALWARE possible ${word} activity from ${src}`,
      tags: ['ids', 'suricata'],
      details: {
        sourceipaddress: src,
        destinationipaddress: pick(r, this.pools.internalIps),
        signature_id: int(r, 2_000_000, 2_999_999),
        family: word,
      },
    };
  }
}

/**
 * NDJSON request bodies of batchSize events each, serialized up front so the timed phase spends
 * its CPU on sending, not on JSON.stringify (the load generator shares 2 cores with the server).
 */
export function ndjsonBatches(gen: EventGenerator, count: number, batchSize: number): Buffer[] {
  const out: Buffer[] = [];
  for (let done = 0; done < count; done += batchSize) {
    const n = Math.min(batchSize, count - done);
    const lines = new Array<string>(n);
    for (let i = 0; i < n; i++) lines[i] = JSON.stringify(gen.next());
    out.push(Buffer.from(lines.join('\n') + '\n'));
  }
  return out;
}
