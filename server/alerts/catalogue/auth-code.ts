// Authentication alerts whose logic is more than a query and a count: code rules whose modules ship
// with Picket (server/alerts/catalogue/modules/). Name, severity, category, tags and summary repeat
// the module's so the catalogue validates without loading it.
import type { CatalogueEntry } from './catalogue-entry.ts';

export const AUTH_CODE_RULES: CatalogueEntry[] = [
  {
    key: 'mozdef.geomodel_location',
    rule: {
      type: 'code',
      module: 'mozdef-geomodel-location.ts',
      name: 'GeoModel location',
      description:
        'MozDef geomodel_location: a user acting (Auth0 events) from a place they could not have reached since their previous action, by the bundled GeoIP data. Whitelist users or networks with exceptions on this rule.',
      severity: 'INFO',
      category: 'geomodel',
      tags: ['geomodel'],
      summary: '{details.username} seen in two places too far apart',
    },
  },
  {
    key: 'mozdef.session_opened_sensitive_user',
    rule: {
      type: 'code',
      module: 'mozdef-session-opened-sensitive-user.ts',
      name: 'Session opened by a sensitive user',
      description:
        'MozDef session_opened_sensitive_user: an sshd session opened for a sensitive user (user1, user2) outside 03:05-04:10 UTC. Users and period are in the module; copy it to the code rules directory to change them.',
      severity: 'WARNING',
      category: 'session',
      tags: ['pam', 'syslog'],
      summary:
        'Session opened by a sensitive user outside of the expected window - sample hosts: {hostnames} [total {count} hosts]',
      suppress: '10m',
    },
  },
];
