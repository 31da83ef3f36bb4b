import type { PicketEvent } from '../../ingest/event.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// MozDef rt_flow: Juniper SRX session logs (program RT_FLOW) → action, addresses, ports, service,
// policy, zones, interface. MozDef's patterns, widened to IPv6 addresses and to the fields newer
// Junos releases append after the interface.

const ADDR = '([0-9A-Fa-f:.]+)/(\\d+)->([0-9A-Fa-f:.]+)/(\\d+)';
const DENY = new RegExp(
  `^%-RT_FLOW_SESSION_DENY: session denied ${ADDR} (\\S+) (\\d+)\\((\\d+)\\) (\\S+) (\\S+) (\\S+) UNKNOWN UNKNOWN N/A\\(N/A\\) (\\S+)`,
);
const CREATE = new RegExp(
  `^%-RT_FLOW_SESSION_CREATE: session created ${ADDR} (\\S+) ${ADDR} (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) N/A\\(N/A\\) (\\S+)`,
);

function names(d: Record<string, unknown>, m: RegExpExecArray, fields: ReadonlyArray<string | null>): void {
  fields.forEach((f, i) => {
    if (f !== null) d[f] = m[i + 1];
  });
}

const ADDR_FIELDS = ['sourceipaddress', 'sourceport', 'destinationipaddress', 'destinationport'];

export function parseRtFlow(e: PicketEvent): PicketEvent {
  const d = e.details;
  if (e.processname !== 'RT_FLOW' && d.program !== 'RT_FLOW') return e;
  const s = e.summary;
  if (typeof s !== 'string' || s.length > 4096) return e;
  let m: RegExpExecArray | null;
  if (s.startsWith('%-RT_FLOW_SESSION_DENY:') && (m = DENY.exec(s)) !== null) {
    d.action = 'denied';
    names(d, m, [
      ...ADDR_FIELDS,
      'service',
      'protocol',
      'protocoltype',
      'policy',
      'sourcezone',
      'destinationzone',
      'interface',
    ]);
  } else if (s.startsWith('%-RT_FLOW_SESSION_CREATE:') && (m = CREATE.exec(s)) !== null) {
    d.action = 'created';
    // The second address pair is the translated (NAT) one; MozDef kept only the first.
    names(d, m, [
      ...ADDR_FIELDS,
      'service',
      null,
      null,
      null,
      null,
      'sourcenatrule',
      'destinationnatrule',
      'protocol',
      'policy',
      'sourcezone',
      'destinationzone',
      'sessionid',
      'interface',
    ]);
  }
  return e;
}

export function createRtFlowPlugin(): EnrichmentPlugin {
  return { name: 'rt_flow', priority: 5, registration: ['rt_flow'], onEvent: parseRtFlow };
}
