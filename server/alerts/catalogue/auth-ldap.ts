// Authentication alerts over LDAP logs, ported from MozDef with its queries, categories, severities,
// tags and summary texts. MozDef searched these every few minutes and raised one alert per user (or
// actor) per run; Picket alerts as the first matching event arrives, and rules that aggregated with
// a threshold of 1 keep one alert per group for the search window (`suppress`).
import type { CatalogueEntry } from './catalogue-entry.ts';

// Test and tooling accounts (bind users) are not people changing the directory.
const NOT_BIND = 'NOT details.actor:*bind*';

export const AUTH_LDAP_RULES: CatalogueEntry[] = [
  {
    key: 'mozdef.ldap_add',
    rule: {
      name: 'LDAP entry added',
      description: 'MozDef ldap_add: an LDAP add by anyone but a bind account.',
      type: 'match',
      query: `category:ldapChange AND details.changetype:add AND ${NOT_BIND}`,
      severity: 'INFO',
      category: 'ldap',
      tags: ['ldap'],
      summary: '{details.actor} added {details.dn}',
    },
  },
  {
    key: 'mozdef.ldap_delete',
    rule: {
      name: 'LDAP entry deleted',
      description: 'MozDef ldap_delete: an LDAP delete by anyone but a bind account.',
      type: 'match',
      query: `category:ldapChange AND details.changetype:delete AND ${NOT_BIND}`,
      severity: 'INFO',
      category: 'ldap',
      tags: ['ldap'],
      summary: '{details.actor} deleted {details.dn}',
    },
  },
  {
    key: 'mozdef.ldap_group',
    rule: {
      name: 'LDAP group change',
      description:
        'MozDef ldap_group: an LDAP group modification other than removing a member, by anyone but a bind account; one alert per initiating email per 15 minutes.',
      type: 'match',
      query: `category:ldapChange AND details.changetype:modify AND summary:groups AND ${NOT_BIND} AND NOT details.changepairs:delete\\:*member*`,
      groupBy: ['details.email'],
      severity: 'INFO',
      category: 'ldap',
      tags: ['ldap'],
      summary: 'LDAP group change initiated by {details.email}',
      suppress: '15m',
    },
  },
  {
    key: 'mozdef.ldap_lockout',
    rule: {
      name: 'LDAP account locked',
      description:
        'MozDef ldap_lockout: the directory admin (cn=admin,dc=mozilla, in the query) set pwdAccountLockedTime on an account.',
      type: 'match',
      query:
        'category:ldapChange AND details.actor:"cn=admin,dc=mozilla" AND details.changepairs:"replace:pwdAccountLockedTime"',
      severity: 'NOTICE',
      category: 'ldap',
      tags: ['ldap'],
      summary: '{details.dn} LDAP account locked',
    },
  },
  {
    key: 'mozdef.ldap_bruteforce_user',
    rule: {
      name: 'LDAP brute force per user',
      description:
        'MozDef ldap_bruteforce_user: invalid LDAP credentials for one user. MozDef defaults (ldap_bruteforce_user.conf): threshold 1 within 60 minutes, servers foo.example.com and bar.example.com excluded. ' +
        'Change the threshold and window here, the excluded servers in the NOT details.server:(…) term. One alert per user per window.',
      type: 'threshold',
      query:
        'category:ldap AND details.response.error:LDAP_INVALID_CREDENTIALS AND NOT details.user:"" AND NOT details.server:("foo.example.com" OR "bar.example.com")',
      groupBy: ['details.user'],
      threshold: 1,
      window: '60m',
      suppress: '60m',
      severity: 'WARNING',
      category: 'bruteforce',
      tags: ['ldap'],
      summary:
        'LDAP Bruteforce Attack in Progress against user ({details.user}) from the following source ip(s): {list:details.client}',
    },
  },
];
