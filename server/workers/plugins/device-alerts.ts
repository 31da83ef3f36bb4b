import type { PicketEvent } from '../../ingest/event.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// MozDef snmptt and observium: SNMP-trap and Observium alert lines relayed by syslog name the
// device they are about; that device becomes the event's hostname, the alert's parts become
// fields, and the event is tagged "alert". One plugin per MozDef plugin, same shape.

interface DeviceAlert {
  name: string;
  program: string;
  re: RegExp;
  /** Field name per capture group; 'hostname' sets the event's hostname. */
  fields: readonly string[];
}

const SNMPTT: DeviceAlert = {
  name: 'snmptt',
  program: 'snmptt',
  re: /^(\S+) (\S+) "Status Events" (\S+) - (.*)$/,
  fields: ['trapname', 'trapseverity', 'hostname', 'trappayload'],
};

const OBSERVIUM: DeviceAlert = {
  name: 'observium',
  program: 'Observium',
  re: /^(\S+): \[(\S+)\] \[(\S+)\] \[(.*?)\] (.*)$/,
  fields: ['alert_type', 'hostname', 'entity_type', 'entity', 'alert_message'],
};

function plugin(spec: DeviceAlert): EnrichmentPlugin {
  return {
    name: spec.name,
    priority: 5,
    registration: [spec.name],
    onEvent(e: PicketEvent): PicketEvent {
      if (e.processname !== spec.program && e.details.program !== spec.program) return e;
      if (typeof e.summary !== 'string' || e.summary.length > 8192) return e;
      const m = spec.re.exec(e.summary.trimEnd());
      if (m === null) return e;
      spec.fields.forEach((f, i) => {
        if (f === 'hostname') e.hostname = m[i + 1];
        else e.details[f] = m[i + 1];
      });
      if (!e.tags.includes('alert')) e.tags.push('alert');
      return e;
    },
  };
}

export const createSnmpttPlugin = () => plugin(SNMPTT);
export const createObserviumPlugin = () => plugin(OBSERVIUM);
