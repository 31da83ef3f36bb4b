import type { PicketEvent } from '../../ingest/event.ts';
import { readOwnPath } from '../../ingest/own-path.ts';
import type { EnrichmentPlugin } from '../plugin.ts';
import { pythonJsonDumps } from './python-json.ts';

// Two plugins for AWS CloudTrail.
// - cloudtrail_record (Picket's): a raw CloudTrail record posted as it is (camelCase, eventType
//   taken as the category by normalization) is recognized and given the shape MozDef's CloudTrail
//   reader gave it: source and category "cloudtrail", hostname = the AWS service. It must run before
//   lower_keys, which registers on the "cloudtrail" it sets.
// - cloudtrail (MozDef's): fields CloudTrail writes sometimes as text and sometimes as objects are
//   stored as {"raw_value": <their JSON>}, and a huge requestparameters.htmlpart is cut.

const RECORD_TYPES = new Set([
  'AwsApiCall',
  'AwsConsoleSignIn',
  'AwsServiceEvent',
  'AwsCloudTrailInsight',
  'AwsVpceEvent',
  'AwsConsoleAction',
]);

/** A CloudTrail key as AWS spells it, or lower-cased; checking only these two keeps this '*' plugin cheap. */
function field(d: Record<string, unknown>, camel: string): unknown {
  if (Object.hasOwn(d, camel)) return d[camel];
  const lower = camel.toLowerCase();
  return Object.hasOwn(d, lower) ? d[lower] : undefined;
}

export function shapeCloudtrailRecord(e: PicketEvent): PicketEvent {
  const d = e.details;
  if (e.source !== 'UNKNOWN' && e.source !== '') return e;
  const eventSource = field(d, 'eventSource');
  if (typeof eventSource !== 'string' || !eventSource.endsWith('.amazonaws.com')) return e;
  if (field(d, 'eventName') === undefined || field(d, 'eventVersion') === undefined) return e;
  e.source = 'cloudtrail';
  if (RECORD_TYPES.has(e.category)) {
    d.eventtype = e.category;
    e.category = 'cloudtrail';
  } else if (e.category === 'UNKNOWN') e.category = 'cloudtrail';
  if (e.hostname === 'UNKNOWN') e.hostname = eventSource;
  if (e.summary === 'UNKNOWN') e.summary = `${String(field(d, 'eventName'))} ${eventSource}`;
  return e;
}

export function createCloudtrailRecordPlugin(): EnrichmentPlugin {
  return { name: 'cloudtrail_record', priority: 3, registration: ['*'], onEvent: shapeCloudtrailRecord };
}

/** MozDef's list, as paths under details. */
const RAW_VALUE_KEYS = [
  'additionaleventdata',
  'apiversion',
  'serviceeventdetails',
  'requestparameters.attribute',
  'requestparameters.authparameters',
  'requestparameters.bucketpolicy.statement.principal.service',
  'requestparameters.bucketpolicy.statement.principal.aws',
  'requestparameters.callerreference',
  'requestparameters.description',
  'requestparameters.describecapacityreservationsrequest',
  'requestparameters.describecoippoolsrequest',
  'requestparameters.describeegressonlyinternetgatewaysrequest',
  'requestparameters.describefastsnapshotrestoresrequest',
  'requestparameters.describeflowlogsrequest',
  'requestparameters.describeflowlogsrequest.filter.value',
  'requestparameters.describehostsrequest',
  'requestparameters.describeinstancetypeofferingsrequest',
  'requestparameters.describeinstancetypesrequest',
  'requestparameters.describeipv6poolsrequest',
  'requestparameters.describelaunchtemplatesrequest',
  'requestparameters.describenatgatewaysrequest',
  'requestparameters.describepublicipv4poolsrequest',
  'requestparameters.describescheduledinstancesrequest',
  'requestparameters.describespotfleetrequestsrequest',
  'requestparameters.describevpcendpointconnectionnotificationsrequest',
  'requestparameters.describevpcendpointsrequest',
  'requestparameters.describevpcendpointsrequest.filter',
  'requestparameters.describevpcendpointsrequest.filter.value',
  'requestparameters.describevpcendpointsrequest.vpcendpointid',
  'requestparameters.describevpcendpointserviceconfigurationsrequest',
  'requestparameters.describevpcendpointservicesrequest',
  'requestparameters.disableapitermination',
  'requestparameters.distributionconfig.callerreference',
  'requestparameters.domainname',
  'requestparameters.domainnames',
  'requestparameters.ebsoptimized',
  'requestparameters.filter',
  'requestparameters.groupdescription',
  'requestparameters.iaminstanceprofile',
  'requestparameters.invalidationbatch.callerreference',
  'requestparameters.imageid',
  'requestparameters.instancetype',
  'requestparameters.logging',
  'requestparameters.logstreamname',
  'requestparameters.metrics',
  'requestparameters.notification',
  'requestparameters.notificationconfiguration',
  'requestparameters.rule',
  'requestparameters.schema',
  'requestparameters.sort',
  'requestparameters.source',
  'requestparameters.tagging',
  'requestparameters.vpc',
  'responseelements.availabilityzones',
  'responseelements.createddate',
  'responseelements.creationdate',
  'responseelements.creationtime',
  'responseelements.credentials',
  'responseelements.dbsubnetgroup',
  'responseelements.distribution.distributionconfig.callerreference',
  'responseelements.endpoint',
  'responseelements.findings.service.additionalinfo.unusual',
  'responseelements.invalidation.invalidationbatch.callerreference',
  'responseelements.lastmodified',
  'responseelements.lastmodifieddate',
  'responseelements.policy',
  'responseelements.responseparameters.method.response.header.access-control-allow-headers',
  'responseelements.responseparameters.method.response.header.access-control-allow-methods',
  'responseelements.responseparameters.method.response.header.access-control-allow-origin',
  'responseelements.role',
  'responseelements.securitygroups',
  'responseelements.state',
  'responseelements.subnets',
];

/** The paths as a tree, so an event is walked only where it has the keys (one own-key check per level). */
interface PathNode {
  leaf: boolean;
  children: Map<string, PathNode>;
}

function pathTree(paths: readonly string[]): PathNode {
  const root: PathNode = { leaf: false, children: new Map() };
  for (const p of paths) {
    let node = root;
    for (const seg of p.split('.')) {
      let next = node.children.get(seg);
      if (!next) node.children.set(seg, (next = { leaf: false, children: new Map() }));
      node = next;
    }
    node.leaf = true;
  }
  return root;
}

const RAW_VALUE_TREE = pathTree(RAW_VALUE_KEYS);

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// A listed path is wrapped whole: paths below it (listed after it in MozDef's list) then find only
// raw_value and are skipped, as when the list is applied in order.
function wrapRawValues(obj: Record<string, unknown>, node: PathNode): void {
  for (const [key, child] of node.children) {
    if (!Object.hasOwn(obj, key)) continue;
    const v = obj[key];
    if (child.leaf) obj[key] = { raw_value: pythonJsonDumps(v) };
    else if (isRecord(v)) wrapRawValues(v, child);
  }
}

// Elasticsearch's limit that MozDef kept the field under.
const HTMLPART_LIMIT = 4095;

export function fixCloudtrail(e: PicketEvent): PicketEvent {
  if (e.source !== 'cloudtrail') return e;
  const d = e.details;
  const rp = readOwnPath(d, ['requestparameters']);
  if (rp !== null && typeof rp === 'object' && !Array.isArray(rp)) {
    const p = rp as Record<string, unknown>;
    if (typeof p.htmlpart === 'string' && p.htmlpart) p.htmlpart = p.htmlpart.slice(0, HTMLPART_LIMIT);
  }
  wrapRawValues(d, RAW_VALUE_TREE);
  return e;
}

export function createCloudtrailPlugin(): EnrichmentPlugin {
  return { name: 'cloudtrail', priority: 10, registration: ['cloudtrail'], onEvent: fixCloudtrail };
}
