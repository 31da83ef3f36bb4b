// The cases domain as one object for REST and tRPC: records, their parts, export and pick lists.
import os from 'node:os';
import path from 'node:path';
import { CaseAlerts } from './case-alerts.ts';
import { CaseChildren } from './case-children.ts';
import { CaseTemplates } from './case-templates.ts';
import { exportJson, exportMarkdown, type CaseExport } from './case-export.ts';
import type { CaseKind } from './case-model.ts';
import { CaseService } from './case-service.ts';
import { CaseWriter, type CaseDeps } from './case-writer.ts';
import { EvidenceFiles } from './evidence-files.ts';
import { IndicatorActions } from './indicator-actions.ts';
import { suggestIndicators } from './indicator-suggestions.ts';
import type { WatchlistService } from '../watchlist/watchlist-service.ts';

export class Cases {
  readonly records: CaseService;
  readonly parts: CaseChildren;
  readonly files: EvidenceFiles;
  readonly alerts: CaseAlerts;
  readonly templates: CaseTemplates;

  constructor(private readonly deps: CaseDeps) {
    this.records = new CaseService(deps);
    this.parts = new CaseChildren(deps);
    this.alerts = new CaseAlerts(deps, this.records);
    this.templates = new CaseTemplates({ db: deps.db });
    this.files = new EvidenceFiles({
      db: deps.db,
      writer: new CaseWriter(deps),
      uploadDir: deps.uploadDir ?? path.join(os.tmpdir(), 'picket-uploads'),
      maxBytes: deps.maxEvidenceBytes,
    });
  }

  /** IOC actions need the watchlist, which starts after the cases domain. */
  indicatorActions(watchlist: WatchlistService): IndicatorActions {
    return new IndicatorActions({ db: this.deps.db, writer: new CaseWriter(this.deps), watchlist });
  }

  suggestIndicators(id: string, kind?: CaseKind) {
    return suggestIndicators(this.deps.db, id, kind);
  }

  async export(id: string, kind: CaseKind | undefined, format: 'md' | 'json'): Promise<CaseExport> {
    const detail = await this.records.get(id, kind);
    return format === 'md' ? exportMarkdown(detail) : exportJson(detail);
  }
}
