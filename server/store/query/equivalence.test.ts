// The SQL compiler and the in-memory matcher must select exactly the same events: both run over
// the same fixtures in a real Postgres, and a subset is also checked against hand-written answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/test-db.ts';
import { compileToSql, matchEvent, parseQuery } from './index.ts';
import { buildFixtures, randomQueries } from './test-fixtures.ts';

const now = Date.now();
const fixtures = buildFixtures(now);
// Round-trip through JSON so the in-memory copy is exactly what the database stores.
const events: PicketEvent[] = [...fixtures.values()].map((e) => JSON.parse(JSON.stringify(e)) as PicketEvent);
const nameOf = new Map([...fixtures].map(([name, e]) => [e.id, name]));
const ALL = [...fixtures.keys()];
const without = (...names: string[]) => ALL.filter((n) => !names.includes(n));

const SSH_FAILS = ['sshFail1', 'sshFail2', 'sshFail3'];
const SSH = ['sshFail1', 'sshFail2', 'sshOk', 'sshFail3'];

// [query, expected fixture names or undefined when only SQL/memory agreement is checked]
const CASES: Array<[string, string[]?]> = [
  ['details.sourceipaddress:1.2.3.4', ['sshFail1', 'sshFail3', 'portsArray']],
  ['sourceipaddress:1.2.3.4', ['sshFail1', 'sshFail3', 'portsArray']],
  ['details.sourceipaddress:(1.2.3.4 OR 5.6.7.8)', [...SSH_FAILS, 'portsArray']],
  ['details.sourceport:22', ['sshFail1', 'sshFail2', 'keywordNums']],
  ['details.sourceport:22.0', ['sshFail1', 'keywordNums']],
  ['details.sourceport:"22"', ['sshFail1', 'sshFail2', 'keywordNums']],
  ['details.ports:22', ['portsArray', 'portsStrings']],
  ['details.ports:*', ['portsArray', 'portsStrings', 'emptyArrays']],
  ['category:authentication', SSH],
  ['category:Authentication', ['lowerSeverity']],
  ['hostname:web-01', ['sshFail1', 'sshFail3']],
  ['hostname:web*', [...SSH_FAILS, 'lowerSeverity', 'recent', 'older']],
  ['hostname:*01', ['sshFail1', 'sshOk', 'sshFail3', 'lowerSeverity', 'portsArray']],
  ['severity:warning', ['sshFail1', 'sshFail2', 'lowerSeverity']],
  ['severity:WARNING AND NOT hostname:web-02', ['sshFail1', 'lowerSeverity']],
  ['failed password', SSH_FAILS],
  ['"failed password for root"', ['sshFail1']],
  ['Failed AND NOT admin', ['sshFail1', 'sshFail3']],
  ['details.username:adm?n', ['sshFail2', 'sshFail3']],
  ['details.username:ADM*', ['sshFail2', 'sshFail3']],
  ['details.username:admin', ['sshFail2']],
  ['details.username:""', ['emptyArrays']],
  ['details.path:C\\:\\\\Windows', ['backslash']],
  ['details.path:C\\:\\\\Windows*', ['backslash', 'percent']],
  ['summary:100%', ['percent']],
  ['summary:host_1 OR hostname:host_1', ['percent']],
  ['details.note:50%_off', ['percent']],
  ['details.under:a?c', ['wildChars']],
  ['details.w:a\\*b\\?c', ['wildChars']],
  ['details.w:a*', ['wildChars']],
  ['"literal a*b?c"', ['wildChars']],
  [`details.name:"O'Brien"`, ['quote']],
  ['details.q:"say \\"hi\\""', ['quote']],
  ['details.q:say\\ \\"hi\\"', ['quote']],
  [`details.username:"'; DROP TABLE events; --"`, ['injection']],
  [`"'; DROP TABLE events; --"`, ['injection']],
  [`tags:"'; DROP TABLE events; --" OR hostname:x\\'*`, ['injection']],
  ['details.city:東京', ['unicode']],
  ['東京 AND summary:🎉', ['unicode']],
  ['hostname:zoë* OR tags:ünïcødé', ['unicode']],
  ['details.emoji:🎉', ['unicode']],
  ['tags:sshd', SSH],
  ['tags:sshd AND NOT tags:bruteforce', ['sshFail2', 'sshOk']],
  ['tags:malware', []],
  ['tags:Mal* OR tags:ioc:hash', ['malware']],
  ['tags:*'],
  ['_exists_:tags'],
  ['details.enabled:true OR details.flag:true', ['booleans']],
  ['details.success:true', ['sshOk', 'sshFail3']],
  ['details.success:false', ['sshFail1', 'sshFail2']],
  ['NOT details.success:true', without('sshOk', 'sshFail3')],
  ['_exists_:details.gone OR _exists_:details.nested.gone', []],
  ['_exists_:details.nested.here', ['nulls']],
  ['NOT _exists_:details.sourceipaddress', without(...SSH, 'portsArray')],
  ['details.nested.here:0', ['nulls']],
  ['details.bytes:>1000', ['numbers', 'numbers2']],
  ['details.bytes:[1000 TO 2000]', ['numbers']],
  ['details.ratio:<0.5', ['numbers2']],
  ['details.ratio:<=0.5', ['numbers', 'numbers2']],
  ['details.neg:<0', ['numbers', 'numbers2']],
  ['details.big:>1000000 AND details.small:<0.001 AND details.small:>0', ['numbers']],
  ['details.bytesList:[4000 TO 5000]', ['numbers2']],
  ['details.bytesList:x AND details.bytesList:10', ['numbers2']],
  ['details.version:>1', ['keywordNums']],
  ['details.sourceport:{21 TO 23}', ['sshFail1', 'sshFail2', 'keywordNums']],
  ['details.eventname:[A TO D]', ['ctLogin', 'ctArray']],
  ['details.eventname:{AssumeRole TO StopLogging}', ['ctLogin']],
  ['details.eventname:>=S'],
  ['processid:>500', ['sshFail1', 'sshFail2', 'sshOk']],
  ['processid:[1 TO 50]'],
  ['hostname:[a TO d]'],
  ['severity:[notice TO warning]'],
  ['utctimestamp:>now-1h', ['recent']],
  ['utctimestamp:[now-4h TO now-2h]', ['older']],
  ['receivedtimestamp:>=now-1h', ['recent']],
  ['utctimestamp:[2026-11-20T01:00:00Z TO 2026-11-20T03:00:00Z]', ['sshFail1', 'sshFail2', 'sshOk']],
  ['utctimestamp:{2026-11-20T01:00:00Z TO 2026-11-20T03:00:00Z}', ['sshFail2']],
  ['utctimestamp:<2026-11-20T02:00:00', ['sshFail1']],
  ['utctimestamp:2026-11-20'],
  ['utctimestamp:"2026-11-20T02:00:00.000Z"', ['sshFail2']],
  ['id:00000000-0000-4000-8000-00000000000A', ['percent']],
  // Dates outside Postgres's 0001–9999 (found by fuzzing: the ISO text "+255479-…" was a SQL error, a 500).
  ['utctimestamp:>8000000000000000', []],
  ['utctimestamp:<8000000000000000 AND receivedtimestamp:[* TO 8000000000000000]', ALL],
  ['utctimestamp:>=0000-01-01 AND utctimestamp:{0000-01-01T00:00:00Z TO now+100000y]', ALL],
  ['utctimestamp:<=0000-12-31 OR utctimestamp:[now+9000y TO *]', []],
  ['summary:/fail.*/', SSH_FAILS],
  ['hostname:/web-0[12]/', SSH_FAILS],
  ['severity:/warn.*/', ['sshFail1', 'sshFail2', 'lowerSeverity']],
  ['details.username:/ad.*/', ['sshFail2', 'sshFail3']],
  ['details.names:/[a-z]+/', ['portsArray']],
  ['tags:/ioc\\:.*/', ['malware']],
  ['summary:/line1.line2/ OR details.multi:a*b', ['multiline']],
  // Class escapes mean the same in SQL as in memory whatever the database's ctype (found by fuzzing:
  // under C.UTF-8 Postgres read \w as any letter, so /\w/ matched 東京, and \s missed U+00A0).
  ['details.city:/\\w+/ OR details.city:/[\\w]+/', []],
  ['details.city:/\\W+/ AND details.city:/[\\W]+/ AND details.city:/[x\\W]+/', ['unicode']],
  ['details.name:/Zo\\w/ OR details.name:/Zo[^\\W]/', []],
  ['details.spaced:/a\\sb/ AND details.spaced:/a[\\s]b/ AND NOT details.spaced:/a\\Sb/', ['spaces']],
  ['details.num:/\\d+/ OR details.num:/[\\d]+/', []],
  ['details.useridentity.username:alice', ['ctLogin']],
  ['details.useridentity.username:bob', []],
  ['details.useridentity.sessioncontext.mfaauthenticated:true', ['ctLogin']],
  ['useridentity.type:Root', ['ctStop']],
  ['details.list.0:x* OR _exists_:details.list.0 OR details.lvl.arr.0.x:1', []],
  ['details.obj.0:x* AND details.obj.0:xa AND details.obj.1.b:deep', ['indexPath']],
  ['source-ip:7.7.7.7 AND @timestamp:x AND user_name:carol', ['specialNames']],
  ['details.a.b.c.d:42 AND details.a.b.c.d:>=42', ['deep']],
  ['category:(cloudtrail OR malware) AND NOT severity:critical', ['ctLogin', 'ctArray', 'malware']],
  ['(category:netflow OR tags:alert) -hostname:fw-02', ['portsArray', 'ctStop']],
  ['details.awsregion:us-* AND details.eventname:Console*', ['ctLogin']],
  ['details.sourceipaddress:10.0.0.0/8', ['sshOk']],
  ['details.sourceipaddress:1.2.0.0/16', ['sshFail1', 'sshFail3', 'portsArray']],
  ['NOT details.sourceipaddress:10.0.0.0/8 AND category:authentication', ['sshFail1', 'sshFail2', 'sshFail3']],
  ['details.sourceipaddress:0.0.0.0/0 OR details.sourceipaddress:2001\\:db8\\:\\:/32'],
  ['details.sourceipaddress:"10.0.0.0/8"', []],
  ['*', ALL],
  ['NOT *', []],
  ['a OR b AND NOT c'],
  ['sshd || !tags:sshd && category:authentication'],
];

describe('SQL compiler and in-memory matcher agree on Postgres', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.pool.query('CREATE TABLE events_test PARTITION OF events DEFAULT');
    for (const e of events) {
      await db.pool.query(
        `INSERT INTO events (id, utctimestamp, receivedtimestamp, category, source, hostname, processname, processid,
           severity, summary, tags, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[], $12::jsonb)`,
        [e.id, e.utctimestamp, e.receivedtimestamp, e.category, e.source, e.hostname, e.processname, e.processid,
          e.severity, e.summary, e.tags, JSON.stringify(e.details)],
      );
    }
  });
  afterAll(() => db?.drop());

  const sqlNames = async (q: string, offset = 0, prefix = '', extra: unknown[] = []) => {
    const frag = compileToSql(parseQuery(q), offset);
    const { rows } = await db.pool.query<{ id: string }>(`SELECT id FROM events WHERE ${prefix}${frag.sql}`, [...extra, ...frag.params]);
    return rows.map((r) => nameOf.get(r.id)!).sort();
  };
  const memoryNames = (q: string) => {
    const node = parseQuery(q);
    return events.filter((e) => matchEvent(node, e)).map((e) => nameOf.get(e.id)!).sort();
  };

  it.each(CASES)('%s', async (q, expected) => {
    const fromSql = await sqlNames(q);
    expect(memoryNames(q), 'in-memory vs SQL').toEqual(fromSql);
    if (expected) expect(fromSql, 'SQL vs expected').toEqual([...expected].sort());
  });

  it('agree on 400 generated queries', async () => {
    let checked = 0;
    for (const q of randomQueries(400, 42)) {
      let node;
      try {
        node = parseQuery(q);
      } catch {
        continue; // syntax errors are covered by the parser tests
      }
      const frag = compileToSql(node);
      const { rows } = await db.pool.query<{ id: string }>(`SELECT id FROM events WHERE ${frag.sql}`, frag.params);
      const fromSql = rows.map((r) => nameOf.get(r.id)!).sort();
      const inMemory = events.filter((e) => matchEvent(node, e)).map((e) => nameOf.get(e.id)!).sort();
      expect(inMemory, q).toEqual(fromSql);
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('numbers placeholders after paramOffset', async () => {
    const names = await sqlNames('details.sourceport:22 AND NOT tags:bruteforce', 1, 'id <> $1 AND ', [fixtures.get('keywordNums')!.id]);
    expect(names).toEqual(['sshFail2']);
  });

  it('counts whole-day date terms like Elasticsearch (2026-11-20 is the whole day)', async () => {
    expect(await sqlNames('utctimestamp:2026-11-20')).toHaveLength(21);
  });

  it('left the events table intact after the injection attempts', async () => {
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM events');
    expect(rows[0].n).toBe(events.length);
  });

  const plan = async (q: string) => {
    const client = await db.pool.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const frag = compileToSql(parseQuery(q));
      const { rows } = await client.query(`EXPLAIN SELECT id FROM events WHERE ${frag.sql}`, frag.params);
      return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    } finally {
      await client.query('RESET enable_seqscan');
      client.release();
    }
  };

  it('uses the GIN jsonb_path_ops index for details terms', async () => {
    expect(await plan('details.sourceipaddress:1.2.3.4')).toMatch(/Index Scan on events_test_details_idx/);
  });

  it('uses the btree index for category and hostname terms', async () => {
    expect(await plan('category:authentication')).toMatch(/Index (Only )?Scan (using|on) events_test_category_idx/);
    expect(await plan('hostname:web-01')).toMatch(/Index (Only )?Scan (using|on) events_test_hostname_idx/);
  });

  it('uses the GIN index for tags and the btree for time ranges', async () => {
    expect(await plan('tags:sshd')).toMatch(/Index Scan on events_test_tags_idx/);
    expect(await plan('utctimestamp:>now-1h')).toMatch(/Index (Only )?Scan (using|on) events_test_utctimestamp_idx/);
  });
});
