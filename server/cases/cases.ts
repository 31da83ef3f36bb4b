// The cases domain as one object for REST and tRPC: records, their parts, export and pick lists.
import { CaseChildren } from './case-children.ts';
import { exportJson, exportMarkdown, type CaseExport } from './case-export.ts';
import type { CaseKind } from './case-model.ts';
import { CaseService } from './case-service.ts';
import type { CaseDeps } from './case-writer.ts';

export class Cases {
  readonly records: CaseService;
  readonly parts: CaseChildren;

  constructor(deps: CaseDeps) {
    this.records = new CaseService(deps);
    this.parts = new CaseChildren(deps);
  }

  async export(id: string, kind: CaseKind | undefined, format: 'md' | 'json'): Promise<CaseExport> {
    const detail = await this.records.get(id, kind);
    return format === 'md' ? exportMarkdown(detail) : exportJson(detail);
  }
}
