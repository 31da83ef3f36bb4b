// MozDef's /blockip, /blockfqdn, /watchitem (its REST plugins ipblocklist, fqdnblocklist, watchlist),
// and /getwatchlist, on Picket's watchlist service: the same checks (private ranges and the
// trusted ingest CIDRs refused), records and audit entries as the UI and /api/v1.
// Answers as MozDef did: 200 with an empty body and the plugin's X-PLUGIN header; what happened is
// in X-Picket-Result (created, renewed, exists, skipped) and the item's id in X-Picket-Id.
import type { Identity } from '../../auth/permissions.ts';
import { parseIp } from '../../net/ip.ts';
import { normalizeCidr, normalizeDomain, type WatchList, type WatchType } from '../../watchlist/watch-values.ts';
import { WatchError, type PutResult, type WatchlistService } from '../../watchlist/watchlist-service.ts';
import { API_SECURITY_HEADERS } from '../security-headers.ts';
import { AppError } from '../../errors/app-error.ts';
import type { RouteDef } from '../v1/router.ts';
import {
  formFields,
  mozdefComment,
  mozdefDuration,
  parseJsonText,
  pluginChecked,
  readMozdefBody,
  textField,
} from './mozdef-form.ts';

/** MozDef's REST plugins as Picket runs them: what GET /plugins lists (descriptions as MozDef spelled them). */
export const MOZDEF_PLUGINS = [
  {
    file: 'plugins.ipblocklist',
    name: 'IPBlockList',
    description: 'IP Block LIst',
    registration: ['blockip'],
    priority: 10,
  },
  {
    file: 'plugins.fqdnblocklist',
    name: 'FQDNBlockList',
    description: 'FQDN Block LIst',
    registration: ['blockfqdn'],
    priority: 10,
  },
  {
    file: 'plugins.watchlist',
    name: 'WatchList',
    description: 'Watch List',
    registration: ['watchitem'],
    priority: 10,
  },
] as const;

type Plugin = (typeof MOZDEF_PLUGINS)[number];

function answer(plugin: Plugin, result: PutResult | 'skipped'): Response {
  const headers: Record<string, string> = {
    ...API_SECURITY_HEADERS,
    'X-PLUGIN': plugin.description,
    'X-Picket-Result': result === 'skipped' ? 'skipped' : result.outcome,
  };
  if (result !== 'skipped') headers['X-Picket-Id'] = result.item.id;
  return new Response(null, { status: 200, headers });
}

/** MozDef accepted quoted addresses; a single-address CIDR (MozDef's alert action sent "x/32") is the address. */
function blockIpValue(raw: string): string {
  const s = raw.replace(/^['"]|['"]$/g, '').trim();
  const c = s.includes('/') ? normalizeCidr(s) : null;
  if (c && ((c.version === 4 && c.prefix === 32) || (c.version === 6 && c.prefix === 128))) return c.first;
  return s;
}

/** MozDef's watchlist took any term; Picket's items are typed, so the type is read off the value. */
export function watchTypeOf(value: string): WatchType {
  if (parseIp(value) && !value.includes('/')) return 'ip';
  if (value.includes('/') && normalizeCidr(value)) return 'cidr';
  if (/^([0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/i.test(value)) return 'hash';
  if (normalizeDomain(value)) return 'domain';
  return 'username';
}

async function put(
  service: WatchlistService,
  list: WatchList,
  item: Record<string, unknown>,
  identity: Identity,
  ip: string,
  renew: boolean,
): Promise<PutResult> {
  try {
    return await service.put(list, item, identity, ip, { renew });
  } catch (err) {
    // Someone added the same value at the same instant: it is on the list, which is what was asked.
    if (err instanceof WatchError && err.code === 'conflict' && err.current)
      return { item: err.current, outcome: 'exists' };
    throw err;
  }
}

interface FormSpec {
  path: string;
  plugin: Plugin;
  list: WatchList;
  valueField: string;
  /** MozDef re-blocking an IP renewed its expiry and comment; the others left an existing entry alone. */
  renew: boolean;
  item(value: string): Record<string, unknown>;
}

const FORMS: FormSpec[] = [
  {
    path: '/blockip',
    plugin: MOZDEF_PLUGINS[0],
    list: 'blockip',
    valueField: 'ipaddress',
    renew: true,
    item: (v) => ({ value: blockIpValue(v) }),
  },
  {
    path: '/blockfqdn',
    plugin: MOZDEF_PLUGINS[1],
    list: 'blockfqdn',
    valueField: 'fqdn',
    renew: false,
    item: (v) => ({ value: v }),
  },
  {
    path: '/watchitem',
    plugin: MOZDEF_PLUGINS[2],
    list: 'watchlist',
    valueField: 'watchcontent',
    renew: false,
    item: (v) => {
      if (v.length < 2) throw new AppError('bad_request', 'watchcontent: at least 2 characters');
      return { type: watchTypeOf(v), value: v };
    },
  },
];

function formRoute(service: WatchlistService, spec: FormSpec): RouteDef {
  return {
    method: 'POST',
    path: spec.path,
    permission: 'watchlist:write',
    async handler({ req, identity, ip }) {
      const fields = formFields(parseJsonText(await readMozdefBody(req)));
      if (!pluginChecked(fields, [spec.plugin.name, spec.list === 'watchlist' ? 'watchitem' : spec.list]))
        return answer(spec.plugin, 'skipped');
      const value = textField(fields, spec.valueField, 512);
      if (!value) throw new AppError('bad_request', `${spec.valueField}: required`);
      const comment = mozdefComment(
        textField(fields, 'comment'),
        textField(fields, 'referenceid', 500),
        textField(fields, 'userid', 320),
      );
      const item = { ...spec.item(value), comment, duration: mozdefDuration(textField(fields, 'duration', 20)) };
      return answer(spec.plugin, await put(service, spec.list, item, identity, ip, spec.renew));
    },
  };
}

export function mozdefWatchRoutes(service: WatchlistService): RouteDef[] {
  return [
    ...FORMS.map((f) => formRoute(service, f)),
    {
      method: 'GET',
      path: '/getwatchlist',
      permission: 'watchlist:read',
      // MozDef: the active terms, newest first, as a bare list of strings.
      async handler() {
        const items = await service.list('watchlist');
        return items.reverse().map((i) => i.value);
      },
    },
  ];
}
