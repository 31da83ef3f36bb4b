import type { PicketEvent } from '../../ingest/event.ts';
import { readOwnPath } from '../../ingest/own-path.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// MozDef zoom_fixup: Zoom webhook events, as MozDef's AWS Lambda forwarder posted them (hostname
// zoom_host, tag zoom, the webhook body in details), are rebuilt with a fixed source and process,
// a summary naming the event and who triggered it, and only the mapped fields below: meeting topics
// and other free text of the webhook are dropped, as MozDef's tests require.

// Picket field → path in details.payload (MozDef's zoom_mapping, written as data).
const MAPPING: ReadonlyArray<readonly [string, string]> = [
  ['calendar_name', 'object.calendar_name'],
  ['duration', 'object.duration'],
  ['email', 'object.email'],
  ['end_time', 'object.end_time'],
  ['host_email', 'object.host_email'],
  ['host_id', 'object.host_id'],
  ['id', 'object.id'],
  ['issue', 'object.issue'],
  ['particpant_id', 'object.participant.id'],
  ['participant_join_time', 'object.participant.join_time'],
  ['participant_leave_time', 'object.participant.leave_time'],
  ['participant_sharing_content', 'object.participant.sharing_details.content'],
  ['participant_sharing_date_time', 'object.participant.sharing_details.date_time'],
  ['participant_sharing_file_link', 'object.participant.sharing_details.file_link'],
  ['participant_sharing_link_source', 'object.participant.sharing_details.link_source'],
  ['participant_sharing_source', 'object.participant.sharing_details.source'],
  ['participant_user_id', 'object.participant.user_id'],
  ['participant_username', 'object.participant.user_name'],
  ['recording_count', 'object.recording_count'],
  ['recording_files', 'object.recording_files'],
  ['recording_file_end', 'object.recording_file.recording_end'],
  ['recording_file_start', 'object.recording_file.recording_start'],
  ['recording_files_end', 'object.recording_files.recording_end'],
  ['recording_files_start', 'object.recording_files.recording_start'],
  ['room_name', 'object.room_name'],
  ['share_url', 'object.share_url'],
  ['start_time', 'object.start_time'],
  ['timezone', 'object.timezone'],
  ['size', 'object.total_size'],
  ['type', 'object.type'],
  ['uuid', 'object.uuid'],
  ['original_sched_duration', 'old_object.duration'],
  ['original_sched_start_time', 'old_object.start_time'],
  ['username', 'operator'],
  ['user_id', 'operator_id'],
  ['ts', 'time_stamp'],
];
// Time fields Zoom sends as '' when unset: no field rather than an empty one.
const DROP_EMPTY = ['start_time', 'original_sched_start_time', 'recording_files_end', 'recording_file_end'];

function isZoom(e: PicketEvent): boolean {
  return e.hostname === 'zoom_host' || e.tags.includes('zoom_host') || e.details.hostname === 'zoom_host';
}

export function fixZoom(e: PicketEvent): PicketEvent {
  if (!isZoom(e) || (e.tags.length > 0 && !e.tags.includes('zoom'))) return e;
  const payload = readOwnPath(e.details, ['payload']);
  const at = (path: string) => readOwnPath(payload, path.split('.'));
  const out: Record<string, unknown> = { event: typeof e.details.event === 'string' ? e.details.event : 'UNKNOWN' };
  const account = at('account_id') ?? at('object.account_id');
  if (account !== undefined) out.account_id = account;
  for (const [field, path] of MAPPING) {
    const v = at(path);
    if (v !== undefined && v !== null) out[field] = v;
  }
  for (const k of DROP_EMPTY) if (out[k] === '') delete out[k];
  out.eventsource = 'MozDef-EF-zoom';
  let summary = `zoom: ${String(out.event)}`;
  const who = at('object.participant.user_name') ?? at('operator');
  if (who !== undefined) summary += ` triggered by user ${String(who)}`;
  e.summary = summary;
  e.details = out;
  e.category = 'zoom';
  e.source = 'api_aws_lambda';
  e.hostname = 'zoom_host';
  e.severity = 'INFO';
  e.processname = 'zoom_webhook_api';
  return e;
}

export function createZoomFixupPlugin(): EnrichmentPlugin {
  // '*' and the check above instead of MozDef's 'zoom_host' term: at priority 2 a term registration
  // would make the Enricher compute terms before cloudtrail_record (3) names its events.
  return { name: 'zoom_fixup', priority: 2, registration: ['*'], onEvent: fixZoom };
}
