import { router } from '../../init.ts';
import { addEventsProcedure } from './add-events.ts';
import { addEvidenceProcedure } from './add-evidence.ts';
import { addHypothesisCommentProcedure } from './add-hypothesis-comment.ts';
import { addHypothesisProcedure } from './add-hypothesis.ts';
import { addIndicatorProcedure } from './add-indicator.ts';
import { addTaskProcedure } from './add-task.ts';
import { addTimelineEntryProcedure } from './add-timeline-entry.ts';
import { catalogProcedure } from './catalog.ts';
import { createProcedure } from './create.ts';
import { exportProcedure } from './export.ts';
import { getProcedure } from './get.ts';
import { listProcedure } from './list.ts';
import { metricsProcedure } from './metrics.ts';
import { assigneesProcedure } from './assignees.ts';
import { myTasksProcedure } from './my-tasks.ts';
import { myTasksByStatusProcedure } from './my-tasks-by-status.ts';
import { promoteProcedure } from './promote.ts';
import { setPhaseProcedure } from './set-phase.ts';
import { updateHypothesisProcedure } from './update-hypothesis.ts';
import { updateTaskProcedure } from './update-task.ts';
import { updateProcedure } from './update.ts';
import { indicatorActionProcedure } from './indicator-action.ts';
import { indicatorStatusProcedure } from './indicator-status.ts';
import { verisStatsProcedure } from './veris-stats.ts';
import { escalateAlertsProcedure } from './escalate-alerts.ts';
import { suggestIndicatorsProcedure } from './suggest-indicators.ts';
import { indicatorRemoveProcedure } from './indicator-remove.ts';
import {
  createTemplateProcedure,
  deleteTemplateProcedure,
  templatesProcedure,
  updateTemplateProcedure,
} from './templates.ts';

/** Incidents and investigations. Every change is published on the incidents/investigations topics. */
export const casesRouter = router({
  list: listProcedure,
  get: getProcedure,
  create: createProcedure,
  update: updateProcedure,
  setPhase: setPhaseProcedure,
  addTimelineEntry: addTimelineEntryProcedure,
  addEvidence: addEvidenceProcedure,
  addEvents: addEventsProcedure,
  addHypothesis: addHypothesisProcedure,
  updateHypothesis: updateHypothesisProcedure,
  addHypothesisComment: addHypothesisCommentProcedure,
  addIndicator: addIndicatorProcedure,
  addTask: addTaskProcedure,
  updateTask: updateTaskProcedure,
  myTasks: myTasksProcedure,
  myTasksByStatus: myTasksByStatusProcedure,
  promote: promoteProcedure,
  export: exportProcedure,
  catalog: catalogProcedure,
  metrics: metricsProcedure,
  assignees: assigneesProcedure,
  indicatorAction: indicatorActionProcedure,
  indicatorStatus: indicatorStatusProcedure,
  verisStats: verisStatsProcedure,
  escalateAlerts: escalateAlertsProcedure,
  suggestIndicators: suggestIndicatorsProcedure,
  indicatorRemove: indicatorRemoveProcedure,
  templates: templatesProcedure,
  createTemplate: createTemplateProcedure,
  updateTemplate: updateTemplateProcedure,
  deleteTemplate: deleteTemplateProcedure,
});
