// MozDef multiple_intel_hits as a code rule: its summary names, for up to three sample hits, the
// address on our side of the connection, which depends on where Zeek saw the indicator.
// To change the sensors or the threshold, copy this file into the code rules directory and edit the copy.
import { defineCodeRule, type PicketEvent } from '../../code-rules/define.ts';

/** MozDef's placeholder sensor hostnames: put yours here. */
const SENSORS = ['sensor1', 'sensor2', 'sensor3'];
const THRESHOLD = 10;

const detail = (e: PicketEvent, k: string): unknown => (Object.hasOwn(e.details, k) ? e.details[k] : undefined);

/** Who talked to the bad guy (or resolved it): the source for responses, the destination for originators. */
function interestingAddress(e: PicketEvent, seenwhere: string): unknown {
  if (['Conn::IN_RESP', 'HTTP::IN_HOST_HEADER', 'DNS::IN_REQUEST'].some((w) => seenwhere.includes(w)))
    return detail(e, 'sourceipaddress');
  if (
    ['Conn::IN_ORIG', 'HTTP::IN_X_CLUSTER_CLIENT_IP_HEADER', 'HTTP::IN_X_FORWARDED_FOR_HEADER'].some((w) =>
      seenwhere.includes(w),
    )
  )
    return detail(e, 'destinationipaddress');
  return '';
}

export default defineCodeRule({
  name: 'Multiple Zeek intel hits',
  description:
    'MozDef multiple_intel_hits: at least 10 Zeek intel matches of one indicator within 2 minutes on the listed sensors.',
  query: `category:bro AND source:intel AND _exists_:details.seenindicator AND hostname:(${SENSORS.map((s) => `"${s}"`).join(' OR ')})`,
  groupBy: ['details.seenindicator'],
  window: '2m',
  severity: 'NOTICE',
  category: 'bro',
  tags: ['nsm,bro,intel'],
  summary: '{count} {hostname}  Bro intel match for indicator: on {details.seenindicator}',
  evaluate({ key, events }) {
    if (events.length < THRESHOLD) return null;
    let summary = `${events.length} ${events[0].hostname}  Bro intel match for indicator: on ${key} sample hosts that hit it: `;
    for (const e of events.slice(0, 3)) {
      const seenwhere = detail(e, 'seenwhere');
      if (detail(e, 'sourceipaddress') === undefined || typeof seenwhere !== 'string') continue;
      summary += `${String(interestingAddress(e, seenwhere) ?? '')} in ${seenwhere} `;
    }
    return { summary };
  },
});
