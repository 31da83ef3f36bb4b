// Authentication alerts over Auth0, Duo, OpenVPN and Bro (Zeek) notices, ported from MozDef with its
// queries, categories, severities, tags and summary texts. MozDef attached a link (url) to some of
// these; Picket alerts have none, put the runbook link in your notification channel instead.
import type { CatalogueEntry } from './catalogue-entry.ts';

const FAILED_AUTH0 = 'tags:auth0 AND details.eventname:"Failed Login (wrong password)" AND NOT details.username:""';

/** MozDef's alerts that repeat a Bro notice: "<hostname> <notice summary>". */
function broNotice(key: string, name: string, note: string, category: string, severity: string): CatalogueEntry {
  return {
    key: `mozdef.${key}`,
    rule: {
      name,
      description: `MozDef ${key}: a Bro (Zeek) notice ${note}.`,
      type: 'match',
      query: `category:bro AND source:notice AND details.note:"${note}"`,
      severity,
      category,
      tags: ['http'],
      summary: '{hostname} {summary}',
    },
  };
}

export const AUTH_WEB_RULES: CatalogueEntry[] = [
  {
    key: 'mozdef.auth0_bruteforce_user',
    rule: {
      name: 'Auth0 brute force per user',
      description:
        'MozDef auth0_bruteforce_user: Auth0 wrong-password logins for one user. MozDef defaults (auth0_bruteforce_user.conf): threshold 1 within 60 minutes, severity WARNING; change them here. One alert per user per window.',
      type: 'threshold',
      query: FAILED_AUTH0,
      groupBy: ['details.username'],
      threshold: 1,
      window: '60m',
      suppress: '60m',
      severity: 'WARNING',
      category: 'bruteforce',
      tags: ['auth0'],
      summary:
        'Auth0 Username/Password Bruteforce Attack in Progress against user ({details.username}) from the following source ip(s): {list:details.sourceipaddress}',
    },
  },
  {
    key: 'mozdef.auth0_vertical_password_guessing',
    rule: {
      name: 'Auth0 vertical password guessing',
      description:
        'MozDef auth0_vertical_password_guessing: Auth0 wrong-password logins ("Wrong email or password.") for several users. MozDef defaults (auth0_vertical_password_guessing.conf): 2 users (user_count) within 60 minutes, severity WARNING; change threshold, window and severity here. One alert per window.',
      type: 'cardinality',
      query: `${FAILED_AUTH0} AND details.description:"Wrong email or password."`,
      groupBy: ['details.eventname'],
      distinct: 'details.username',
      threshold: 2,
      window: '60m',
      suppress: '60m',
      severity: 'WARNING',
      category: 'bruteforce',
      tags: ['auth0'],
      summary:
        'Auth0 Username/Password Vertical Password Guessing Attack in Progress against {distinct} users from {count:details.sourceipaddress} unique source ip(s)',
    },
  },
  {
    key: 'mozdef.duo_authfail',
    rule: {
      name: 'Duo authentication marked as fraud',
      description: 'MozDef duo_authfail: a user rejected a Duo push and marked it as fraud (details.result fraud).',
      type: 'match',
      query:
        'category:authentication AND _exists_:details.sourceipaddress AND _exists_:details.username AND details.result:fraud',
      severity: 'WARNING',
      category: 'duosecurity',
      tags: ['duosecurity', 'duosecurity_auth_fail'],
      summary:
        'Duo Authentication Failure: user {details.username|default:unknown} rejected and marked a Duo Authentication attempt from {details.sourceipaddress|default:unknown} as fraud',
    },
  },
  {
    key: 'mozdef.duo_fail_open',
    rule: {
      name: 'Duo fail open',
      description:
        'MozDef duo_fail_open: a host could not reach Duo and let a login through without the second factor ("Failsafe Duo login"); one alert per host per 15 minutes.',
      type: 'match',
      query: 'summary:"Failsafe Duo login"',
      groupBy: ['hostname'],
      suppress: '15m',
      severity: 'WARNING',
      category: 'bypass',
      tags: ['openvpn', 'duosecurity'],
      summary: 'DuoSecurity contact failed, fail open triggered on {hostname}',
    },
  },
  {
    key: 'mozdef.vpn_duo_auth_failures',
    rule: {
      name: 'OpenVPN Duo authentication failures',
      description:
        'MozDef vpn_duo_auth_failures: 5 failed Duo authentications of one user on the OpenVPN integration within 2 minutes.',
      type: 'threshold',
      query:
        'category:event AND tags:duosecurity AND details.integration:"global and external openvpn" AND details.result:FAILURE',
      groupBy: ['details.username'],
      threshold: 5,
      window: '2m',
      severity: 'NOTICE',
      category: 'openvpn',
      tags: ['vpn', 'auth', 'duo'],
      summary: '{count} openvpn authentication attempts by {details.username} {top:details.ip}',
    },
  },
  broNotice(
    'http_auth_bruteforce',
    'HTTP authentication brute force (Bro)',
    'AuthBruteforcing::HTTP_AuthBruteforcing_Attacker',
    'httperrors',
    'WARNING',
  ),
  broNotice(
    'http_errors',
    'Excessive HTTP errors (Bro)',
    'MozillaHTTPErrors::Excessive_HTTP_Errors_Attacker',
    'httperrors',
    'WARNING',
  ),
  broNotice(
    'bugzilla_auth_bruteforce',
    'Bugzilla authentication brute force (Bro)',
    'BugzBruteforcing::HTTP_BugzBruteforcing_Attacker',
    'httperrors',
    'NOTICE',
  ),
  broNotice('ssh_bruteforce_bro', 'SSH password guessing (Bro)', 'SSH::Password_Guessing', 'bruteforce', 'NOTICE'),
  {
    key: 'mozdef.triagebot_escalation',
    rule: {
      name: 'TriageBot escalation',
      description:
        "MozDef triagebot_escalation: a user answered 'no' to MozDef's triage bot (\"was this you?\"), so the event is escalated.",
      type: 'match',
      query:
        'category:triagebot AND details.userresponse:no AND _exists_:details.email AND _exists_:details.identifier',
      severity: 'INFO',
      category: 'access',
      tags: ['triagebot_escalation'],
      summary:
        "TriageBot Escalation for event: {details.identifier} sent to PagerDuty per 'NO' response from User: {details.email}",
      enabled: false,
      disabledReason:
        "Reads the answers of MozDef's triage bot (events with category triagebot), a chat service Picket does not have. Enable it if you ship such events to Picket.",
    },
  },
];
