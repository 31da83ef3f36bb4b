// MozDef has no tests for snmptt and observium; lines in the formats their patterns read.
import { describe, expect, it } from 'vitest';
import { Enricher } from '../enrich.ts';
import { createObserviumPlugin, createSnmpttPlugin } from './device-alerts.ts';
import { normalizeMozdef } from './mozdef-cases.ts';

const run = (program: string, summary: string) =>
  new Enricher([createSnmpttPlugin(), createObserviumPlugin()]).enrich([
    normalizeMozdef({ program, hostname: 'nms1', summary, tags: ['syslog'] }),
  ])[0];

describe('snmptt and observium', () => {
  it('snmptt: trap name, severity, payload; the device as hostname; tagged alert', () => {
    const e = run(
      'snmptt',
      'linkDown Normal "Status Events" core-sw1.example.net - A linkDown trap signifies that interface Gi0/1 went down',
    );
    expect(e.hostname).toBe('core-sw1.example.net');
    expect(e.details).toMatchObject({
      trapname: 'linkDown',
      trapseverity: 'Normal',
      trappayload: 'A linkDown trap signifies that interface Gi0/1 went down',
    });
    expect(e.tags).toEqual(['syslog', 'alert']);
  });

  it('observium: alert type, entity; the device as hostname', () => {
    const e = run('Observium', 'ALERT: [edge-rtr2] [port] [xe-0/0/1 (uplink)] Port utilisation above 90%');
    expect(e.hostname).toBe('edge-rtr2');
    expect(e.details).toMatchObject({
      alert_type: 'ALERT',
      entity_type: 'port',
      entity: 'xe-0/0/1 (uplink)',
      alert_message: 'Port utilisation above 90%',
    });
    expect(e.tags).toContain('alert');
  });

  it('other programs and lines that do not match are left alone', () => {
    expect(run('snmptt', 'snmptt started').hostname).toBe('nms1');
    const e = run('cron', 'ALERT: [edge-rtr2] [port] [x] y');
    expect([e.hostname, e.tags]).toEqual(['nms1', ['syslog']]);
  });
});
