import type { PicketEvent } from '../../ingest/event.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// MozDef ldap_fixup: LDAP-Humanizer events get source "ldap", details.tls renamed to
// details.tls_encrypted, and the actor's mail= value as details.email and details.username (its
// local part), both null when the actor names no mail.

/** The mail= value of an actor like "o=com,mail=user@example.com,dc=example" (pairs split on spaces and commas). */
export function emailFromActor(actor: string): string | null {
  let mail: string | null = null;
  for (const section of actor.split(' ')) {
    for (const item of section.split(',')) {
      const pair = item.split('=');
      if (pair.length === 2 && pair[0] === 'mail') mail = pair[1];
    }
  }
  return mail;
}

export function fixLdap(e: PicketEvent): PicketEvent {
  const d = e.details;
  if (e.category === 'ldap' && Object.hasOwn(d, 'tls')) {
    d.tls_encrypted = d.tls;
    delete d.tls;
  }
  if (e.source === 'UNKNOWN') e.source = 'ldap';
  const email = emailFromActor(typeof d.actor === 'string' ? d.actor : '');
  d.email = email;
  d.username = email === null ? null : email.split('@')[0];
  return e;
}

export function createLdapFixupPlugin(): EnrichmentPlugin {
  return {
    name: 'ldap_fixup',
    description: 'LDAP-Humanizer events: tls_encrypted, email and username from the actor',
    priority: 5,
    registration: ['LDAP-Humanizer', 'ldap'],
    onEvent: fixLdap,
  };
}
