import type { EnrichmentPlugin } from '../plugin.ts';
import { createCloudtrailPlugin, createCloudtrailRecordPlugin } from './cloudtrail.ts';
import { createGeoIpPlugin, type GeoIpLookup } from './geoip.ts';
import { createIpFixupPlugin } from './ip-fixup.ts';
import { createLowerKeysPlugin } from './lower-keys.ts';
import { createSshdPlugin } from './sshd.ts';
import { createWatchlistTagsPlugin, type WatchlistMatcher } from './watchlist-tags.ts';
import { createZoomFixupPlugin } from './zoom-fixup.ts';
import { createAuditdFixupPlugin } from './auditd-fixup.ts';
import { createBroFixupPlugin } from './bro-fixup.ts';
import { createObserviumPlugin, createSnmpttPlugin } from './device-alerts.ts';
import { createFilterlogPlugin } from './filterlog.ts';
import { createRtFlowPlugin } from './rt-flow.ts';
import { createSshdFindIpPlugin } from './sshd-find-ip.ts';
import { createSquidFixupPlugin } from './squid-fixup.ts';
import { createSuricataFixupPlugin } from './suricata-fixup.ts';
import type { DropFilterSet } from '../../drop-filters/drop-filters.ts';
import { createDropMessagePlugin } from './drop-message.ts';
import { createCustomDocTypePlugin } from './custom-doc-type.ts';
import { createGuardDutyPlugin } from './guardduty.ts';
import { createLdapFixupPlugin } from './ldap-fixup.ts';
import { createRemoveDotsPlugin } from './remove-dots.ts';
import { createParseSuPlugin } from './parse-su.ts';
import { createGithubWebhooksPlugin } from './github-webhooks.ts';
import { createLargeStringsPlugin } from './large-strings.ts';
import { createStackdriverPlugins } from './stackdriver.ts';

export { createGeoIpPlugin, openGeoIp, toGeoLocation, type GeoIpLookup, type GeoLocation } from './geoip.ts';
export { createIpFixupPlugin } from './ip-fixup.ts';
export { createSshdPlugin, parseSshdSummary } from './sshd.ts';
export { createWatchlistTagsPlugin, emptyWatchlist, type WatchlistMatcher } from './watchlist-tags.ts';

export interface DefaultPluginOptions {
  watchlist?: WatchlistMatcher;
  /** An opened database (openGeoIp()); null or absent leaves the geoip plugin out. */
  geoip?: GeoIpLookup | null;
  /** The admin drop filters (dropMessage); absent leaves the plugin out. */
  dropFilters?: DropFilterSet;
}

/**
 * The default enrichment set, MozDef priorities: cloudtrail_record 3, lower_keys 4, ip-fixup 10,
 * cloudtrail 10, sshd 15, geoip 20, watchlist-tags 30; dropMessage 1; auditdFixup, zoom_fixup,
 * customDocType 2; guardDuty 3; broFixup, sshdFindIP, suricataFixup, squidFixup, rt_flow, snmptt,
 * observium, ldap_fixup, remove_dots, parse_su, stackdriver 5; filterlog, github_webhooks 10; stackdriver_audit,
 * stackdriver_syslog 15; stackdriver_gceactivity 16; large_strings 20.
 */
export function createDefaultPlugins(opts: DefaultPluginOptions = {}): EnrichmentPlugin[] {
  const plugins = [
    createCloudtrailRecordPlugin(),
    createLowerKeysPlugin(),
    createIpFixupPlugin(),
    createCloudtrailPlugin(),
    createSshdPlugin(),
  ];
  if (opts.geoip) plugins.push(createGeoIpPlugin(opts.geoip));
  plugins.push(createWatchlistTagsPlugin(opts.watchlist));
  if (opts.dropFilters) plugins.push(createDropMessagePlugin(opts.dropFilters));
  // MozDef data-shaping ports; their MozDef priorities place them in the run order.
  plugins.push(
    createAuditdFixupPlugin(),
    createBroFixupPlugin(),
    createSshdFindIpPlugin(),
    createSuricataFixupPlugin(),
    createSquidFixupPlugin(),
    createRtFlowPlugin(),
    createSnmpttPlugin(),
    createObserviumPlugin(),
    createFilterlogPlugin(),
    createZoomFixupPlugin(),
  );
  plugins.push(
    createCustomDocTypePlugin(),
    createGuardDutyPlugin(),
    createLdapFixupPlugin(),
    createRemoveDotsPlugin(),
    createParseSuPlugin(),
    createGithubWebhooksPlugin(),
    createLargeStringsPlugin(),
  );
  plugins.push(...createStackdriverPlugins());
  // In run order (stable: equal priorities keep the order above), as the Enricher will sort them.
  return plugins.sort((a, b) => a.priority - b.priority);
}
