// An admin enrichment plugin: copy this file into the plugins directory (PICKET_PLUGINS_DIR, default
// <PICKET_DATA_DIR>/plugins), then press "Reload plugins" in Admin → Plugins. See docs/plugins.md.
//
// It tags events about service accounts (usernames starting with "svc-" or ending in "-bot"), so
// searches and rules can leave them out or single them out: `tags:service-account`.
// The loader points this import (or 'picket/plugin') at Picket's own define-plugin.ts, wherever the
// file is deployed; the relative path lets an editor type-check it inside the repository.
import { definePlugin } from '../server/workers/define-plugin.ts';

const SERVICE_ACCOUNT = /^svc-|-bot$/i;

export default definePlugin({
  name: 'tag-service-accounts',
  description: 'tags events whose details.username is a service account',
  // After the built-ins that fill details.username (ldap_fixup 5, sshd 15): lower runs first.
  priority: 50,
  // Every event: registration terms are taken from the event as it arrived, and sshd adds the
  // username later, so ['username'] would miss sshd logins. The check below is one property read.
  registration: ['*'],
  onEvent(event) {
    const user = event.details.username;
    if (typeof user === 'string' && SERVICE_ACCOUNT.test(user) && !event.tags.includes('service-account')) {
      event.tags.push('service-account');
    }
    return event;
  },
});
