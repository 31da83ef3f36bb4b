// Authentication alerts (sshd, LDAP, Duo, Auth0, VPN, web logins) ported from MozDef.
import type { CatalogueEntry } from './catalogue-entry.ts';

export const AUTH_RULES: CatalogueEntry[] = [
  {
    key: 'mozdef.bruteforce_ssh',
    rule: {
      name: 'SSH brute force',
      description: 'MozDef bruteforce_ssh: at least 10 failed sshd password logins from one source address within 2 minutes.',
      type: 'threshold',
      // success first: a cheap details lookup that rules out almost every event before the summary scan.
      query: 'details.success:false AND summary:"failed password"',
      groupBy: ['details.sourceipaddress'],
      threshold: 10,
      window: '2m',
      severity: 'NOTICE',
      category: 'bruteforce',
      tags: ['ssh'],
      summary: '{count} ssh bruteforce attempts by {details.sourceipaddress} {hostnames}',
    },
  },
  {
    key: 'mozdef.ssh_password_auth_violation',
    rule: {
      name: 'SSH password authentication violation',
      description: 'MozDef sshpasswordauthviolation: a login with a password where only keys should be used.',
      type: 'match',
      query: 'details.success:true AND details.authmethod:password',
      groupBy: ['details.sourceipaddress', 'hostname'],
      severity: 'NOTICE',
      category: 'sshpasswordauthviolation',
      tags: ['ssh', 'password'],
      summary: 'SSH password authentication by {details.username} from {details.sourceipaddress} to {hostname}',
      suppress: '10m',
    },
  },
  {
    key: 'mozdef.ldap_bruteforce_user',
    rule: {
      name: 'LDAP brute force per user',
      description: 'MozDef ldap_bruteforce_user: repeated invalid LDAP credentials for one user.',
      type: 'threshold',
      query: 'category:ldap AND details.response.error:LDAP_INVALID_CREDENTIALS',
      groupBy: ['details.user'],
      threshold: 10,
      window: '10m',
      severity: 'WARNING',
      category: 'bruteforce',
      tags: ['ldap'],
      summary: 'LDAP bruteforce of user {details.user}: {count} invalid credentials from {values:details.client}',
    },
  },
  {
    key: 'mozdef.duo_authfail',
    rule: {
      name: 'Duo 2FA failures',
      description: 'Repeated Duo second-factor failures for one user.',
      type: 'threshold',
      query: 'source:duo AND details.result:(FAILURE OR FRAUD OR DENIED OR failure OR fraud OR denied)',
      groupBy: ['details.username'],
      threshold: 5,
      window: '10m',
      severity: 'WARNING',
      category: 'duo',
      tags: ['duo', '2fa'],
      summary: '{count} Duo 2FA failures for {details.username} from {values:details.sourceipaddress}',
    },
  },
];
