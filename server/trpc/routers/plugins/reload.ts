import { allProcesses } from '../../../workers/enrichment-admin.ts';
import { permission } from '../../init.ts';

/** Re-reads the plugins directory here and, through the bus, on every other process. */
export const reloadPluginsProcedure = permission('settings:admin', { audit: 'recorded' }).mutation(async ({ ctx }) => {
  const { host, statusStore } = ctx.services.plugins;
  const local = await host.reload();
  await statusStore.report(local).catch((err: unknown) => ctx.log.warn({ err }, 'reporting plugin status failed'));
  const admin = local.plugins.filter((p) => p.origin === 'admin');
  await ctx.audit({
    action: 'plugins.reload',
    targetType: 'plugins',
    targetId: local.dir ?? 'off',
    diff: { loaded: admin.map((p) => `${p.name} (${p.file})`), failed: local.loadErrors.map((e) => e.file) },
  });
  return { processes: await allProcesses(ctx.services.plugins) };
});
