// MozDef has no tests for rt_flow; lines as Junos SRX writes them.
import { describe, expect, it } from 'vitest';
import { Enricher } from '../enrich.ts';
import { normalizeMozdef } from './mozdef-cases.ts';
import { createRtFlowPlugin } from './rt-flow.ts';

const plugin = createRtFlowPlugin();
const run = (summary: string) =>
  new Enricher([plugin]).enrich([normalizeMozdef({ program: 'RT_FLOW', hostname: 'srx1', summary })])[0].details;

describe('rt_flow', () => {
  it('session denied', () => {
    expect(
      run(
        '%-RT_FLOW_SESSION_DENY: session denied 203.0.113.9/51514->192.0.2.10/22 junos-ssh 6(0) default-deny untrust trust UNKNOWN UNKNOWN N/A(N/A) ge-0/0/0.0 UNKNOWN policy deny',
      ),
    ).toEqual({
      action: 'denied',
      sourceipaddress: '203.0.113.9',
      sourceport: '51514',
      destinationipaddress: '192.0.2.10',
      destinationport: '22',
      service: 'junos-ssh',
      protocol: '6',
      protocoltype: '0',
      policy: 'default-deny',
      sourcezone: 'untrust',
      destinationzone: 'trust',
      interface: 'ge-0/0/0.0',
    });
  });

  it('session created, IPv6', () => {
    expect(
      run(
        '%-RT_FLOW_SESSION_CREATE: session created 2001:db8::5/40000->2001:db8:1::9/443 junos-https 2001:db8::5/40000->2001:db8:1::9/443 None None 6 allow-web trust untrust 4012 N/A(N/A) ge-0/0/1.0',
      ),
    ).toMatchObject({
      action: 'created',
      sourceipaddress: '2001:db8::5',
      destinationport: '443',
      sourcenatrule: 'None',
      protocol: '6',
      policy: 'allow-web',
      sessionid: '4012',
      interface: 'ge-0/0/1.0',
    });
  });

  it('other programs and other RT_FLOW messages are left alone', () => {
    expect(run('%-RT_FLOW_SESSION_CLOSE: session closed TCP FIN: 1.2.3.4/1->5.6.7.8/2')).toEqual({});
    const e = normalizeMozdef({
      program: 'sshd',
      summary: '%-RT_FLOW_SESSION_DENY: session denied 1.2.3.4/1->5.6.7.8/2 x 6(0) p a b UNKNOWN UNKNOWN N/A(N/A) ge0',
    });
    expect(plugin.onEvent(e)?.details).toEqual({});
  });
});
