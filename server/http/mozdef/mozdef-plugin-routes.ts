// MozDef's GET /plugins and /plugins/<endpoint>: the plugins that run, as {file, name, description,
// registration, priority}, in load order. MozDef's REST API listed its REST plugins there; Picket
// lists those (blockip, blockfqdn, watchitem) and then its enrichment plugins, built-in (file
// "picket:<name>") and admin (the file name in PICKET_PLUGINS_DIR), in the order they run.
// /plugins/<term> keeps the plugins registered for that term.
import type { PluginView } from '../../workers/plugin-host.ts';
import type { RouteDef } from '../v1/router.ts';
import { MOZDEF_PLUGINS } from './mozdef-watch-routes.ts';

interface Listed {
  file: string;
  name: string;
  description: string;
  registration: string[];
  priority: number;
}

function pluginList(enrichment: () => PluginView[], endpoint?: string): Listed[] {
  const all: Listed[] = [
    ...MOZDEF_PLUGINS.map((p) => ({ ...p, registration: [...p.registration] })),
    ...enrichment().map((p) => ({
      file: p.file ?? `picket:${p.name}`,
      name: p.name,
      description: p.description,
      registration: p.registration,
      priority: p.priority,
    })),
  ];
  return endpoint === undefined ? all : all.filter((p) => p.registration.includes(endpoint));
}

export function mozdefPluginRoutes(enrichment: () => PluginView[]): RouteDef[] {
  return [
    { method: 'GET', path: '/plugins', permission: 'watchlist:read', handler: async () => pluginList(enrichment) },
    {
      method: 'GET',
      path: '/plugins/:endpoint',
      permission: 'watchlist:read',
      handler: async ({ params }) => pluginList(enrichment, params.endpoint),
    },
  ];
}
