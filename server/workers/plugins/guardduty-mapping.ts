import type { FieldMap } from './field-mapping.ts';

// Which finding fields the guardDuty plugin copies into details, per GuardDuty finding type (the
// finding's `category` after AWS's normalization). Paths are under the event's details, in
// GuardDuty's own (camelCase) spelling; the plugin runs before lower_keys. Finding types share a
// few shapes: the common finding fields, an EC2 instance's, an IAM access key's.

const FINDING: FieldMap = {
  findingid: 'id',
  arn: 'arn',
  awsaccountid: 'accountId',
  awsregion: 'region',
  resourcetype: 'resource.resourceType',
  detectorid: 'finding.detectorId',
  gdeventcreatedts: 'createdAt',
  gdeventupdatedts: 'updatedAt',
  gdeventfirstseents: 'finding.eventFirstSeen',
  gdeventlastseents: 'finding.eventLastSeen',
};
const INSTANCE: FieldMap = {
  instanceid: 'resource.instanceDetails.instanceId',
  instancetype: 'resource.instanceDetails.instanceType',
  launchtime: 'resource.instanceDetails.launchTime',
  iamprofilearn: 'resource.instanceDetails.iamInstanceProfile.arn',
  iamprofileid: 'resource.instanceDetails.iamInstanceProfile.id',
  tags: 'resource.instanceDetails.tags',
  state: 'resource.instanceDetails.instanceState',
  az: 'resource.instanceDetails.availabilityZone',
  imageid: 'resource.instanceDetails.imageId',
  imagedesc: 'resource.instanceDetails.imageDescription',
  platform: 'resource.instanceDetails.platform',
  networkinterfaceid: 'resource.instanceDetails.networkInterfaces.networkInterfaceId',
  privatednsname: 'resource.instanceDetails.networkInterfaces.privateDnsName',
  privateipaddress: 'resource.instanceDetails.networkInterfaces.privateIpAddress',
  subnetid: 'resource.instanceDetails.networkInterfaces.subnetId',
  vpcid: 'resource.instanceDetails.networkInterfaces.vpcId',
  publicdnsname: 'resource.instanceDetails.networkInterfaces.publicDnsName',
  publicip: 'resource.instanceDetails.networkInterfaces.publicIp',
};
const ACCESS_KEY: FieldMap = {
  accesskeyid: 'resource.accessKeyDetails.accessKeyId',
  principalid: 'resource.accessKeyDetails.principalId',
};
// Recon:EC2/PortProbeUnprotectedPort, Recon:EC2/PortProbeEMRUnprotectedPort
const PORT_PROBE: FieldMap = {
  ...FINDING,
  ...INSTANCE,
  destinationipaddress: 'resource.instanceDetails.networkInterfaces.publicIp',
  destinationport: 'finding.probeevent.localPortDetails.port',
  direction: 'finding.action.networkConnectionAction.connectionDirection',
  proto: 'finding.probeevent.localPortDetails.portName',
  sourceipaddress: 'finding.probeevent.remoteIpDetails.ipAddressV4',
};
// Trojan:EC2/DNSDataExfiltration
const DNS_EXFILTRATION: FieldMap = {
  ...FINDING,
  ...INSTANCE,
  destinationport: 'finding.action.networkConnectionAction.localPortDetails.port',
  direction: 'finding.action.networkConnectionAction.connectionDirection',
  evidence: 'finding.evidence',
  miscinfo: 'finding.additionalInfo',
  net: 'resource.instanceDetails.networkInterfaces',
  proto: 'finding.action.networkConnectionAction.protocol',
  query: 'finding.action.dnsRequestAction.domain',
  sourceipaddress: 'finding.action.networkConnectionAction.remoteIpDetails.ipAddressV4',
  sourceport: 'finding.action.networkConnectionAction.remotePortDetails.port',
};
// UnauthorizedAccess:EC2/TorIPCaller
const INBOUND_TOR_CALLER: FieldMap = {
  ...FINDING,
  ...INSTANCE,
  destinationipaddress: 'finding.action.networkConnectionAction.localIpDetails.ipAddressV4',
  destinationport: 'finding.action.networkConnectionAction.localPortDetails.port',
  direction: 'finding.action.networkConnectionAction.connectionDirection',
  evidence: 'finding.evidence',
  miscinfo: 'finding.additionalInfo',
  net: 'resource.instanceDetails.networkInterfaces',
  proto: 'finding.action.networkConnectionAction.protocol',
  sourceipaddress: 'finding.action.networkConnectionAction.remoteIpDetails.ipAddressV4',
  sourceport: 'finding.action.networkConnectionAction.remotePortDetails.port',
};
// UnauthorizedAccess:EC2/TorClient, UnauthorizedAccess:EC2/TorRelay, UnauthorizedAccess:EC2/MaliciousIPCaller.Custom, Backdoor:EC2/Spambot, Backdoor:EC2/DenialOfService.Tcp, Backdoor:EC2/DenialOfService.Udp, Backdoor:EC2/DenialOfService.UdpOnTcpPorts, Backdoor:EC2/DenialOfService.UnusualProtocol, Behavior:EC2/NetworkPortUnusual, Behavior:EC2/TrafficVolumeUnusual
const OUTBOUND_CONNECTION: FieldMap = {
  ...FINDING,
  ...INSTANCE,
  destinationipaddress: 'finding.action.networkConnectionAction.remoteIpDetails.ipAddressV4',
  destinationport: 'finding.action.networkConnectionAction.remotePortDetails.port',
  direction: 'finding.action.networkConnectionAction.connectionDirection',
  evidence: 'finding.evidence',
  miscinfo: 'finding.additionalInfo',
  net: 'resource.instanceDetails.networkInterfaces',
  proto: 'finding.action.networkConnectionAction.protocol',
  sourceipaddress: 'finding.action.networkConnectionAction.localIpDetails.ipAddressV4',
  sourceport: 'finding.action.networkConnectionAction.localPortDetails.port',
};
// Backdoor:EC2/C&CActivity.B!DNS, Backdoor:EC2/DenialOfService.Dns
const OUTBOUND_DNS_CONNECTION: FieldMap = {
  ...FINDING,
  ...INSTANCE,
  destinationipaddress: 'finding.action.networkConnectionAction.remoteIpDetails.ipAddressV4',
  destinationport: 'finding.action.networkConnectionAction.remotePortDetails.port',
  direction: 'finding.action.networkConnectionAction.connectionDirection',
  evidence: 'finding.evidence',
  miscinfo: 'finding.additionalInfo',
  net: 'resource.instanceDetails.networkInterfaces',
  proto: 'finding.action.networkConnectionAction.protocol',
  query: 'finding.action.dnsRequestAction.domain',
  sourceipaddress: 'finding.action.networkConnectionAction.localIpDetails.ipAddressV4',
  sourceport: 'finding.action.networkConnectionAction.localPortDetails.port',
};
// Trojan:EC2/BlackholeTraffic, CryptoCurrency:EC2/BitcoinTool.B, Recon:EC2/Portscan, UnauthorizedAccess:EC2/MetadataDNSRebind
const OUTBOUND_NO_SOURCE: FieldMap = {
  ...FINDING,
  ...INSTANCE,
  destinationipaddress: 'finding.action.networkConnectionAction.remoteIpDetails.ipAddressV4',
  destinationport: 'finding.action.networkConnectionAction.remotePortDetails.port',
  direction: 'finding.action.networkConnectionAction.connectionDirection',
  evidence: 'finding.evidence',
  miscinfo: 'finding.additionalInfo',
  net: 'resource.instanceDetails.networkInterfaces',
  proto: 'finding.action.networkConnectionAction.protocol',
  sourceport: 'finding.action.networkConnectionAction.localPortDetails.port',
};
// Trojan:EC2/DropPoint, Trojan:EC2/BlackholeTraffic!DNS, Trojan:EC2/DriveBySourceTraffic!DNS, Trojan:EC2/DropPoint!DNS, Trojan:EC2/DGADomainRequest.B, Trojan:EC2/DGADomainRequest.C!DNS, Trojan:EC2/PhishingDomainRequest!DNS, CryptoCurrency:EC2/BitcoinTool.B!DNS
const OUTBOUND_DNS_NO_SOURCE: FieldMap = {
  ...FINDING,
  ...INSTANCE,
  destinationipaddress: 'finding.action.networkConnectionAction.remoteIpDetails.ipAddressV4',
  destinationport: 'finding.action.networkConnectionAction.remotePortDetails.port',
  direction: 'finding.action.networkConnectionAction.connectionDirection',
  evidence: 'finding.evidence',
  miscinfo: 'finding.additionalInfo',
  net: 'resource.instanceDetails.networkInterfaces',
  proto: 'finding.action.networkConnectionAction.protocol',
  query: 'finding.action.dnsRequestAction.domain',
  sourceport: 'finding.action.networkConnectionAction.localPortDetails.port',
};
// Recon:IAMUser/TorIPCaller, Recon:IAMUser/MaliciousIPCaller.Custom, Recon:IAMUser/MaliciousIPCaller, Recon:IAMUser/NetworkPermissions, Recon:IAMUser/ResourcePermissions, Recon:IAMUser/UserPermissions
const IAM_RECON: FieldMap = {
  ...FINDING,
  ...ACCESS_KEY,
  apiname: 'finding.apicalls.name',
  direction: 'finding.action.networkConnectionAction.connectionDirection',
};
// Persistence:IAMUser/ResourcePermissions, Persistence:IAMUser/UserPermissions, Persistence:IAMUser/NetworkPermissions, ResourceConsumption:IAMUser/ComputeResources, Stealth:IAMUser/S3ServerAccessLoggingDisabled, Stealth:IAMUser/PasswordPolicyChange, Stealth:IAMUser/CloudTrailLoggingDisabled, Stealth:IAMUser/LoggingConfigurationModified, UnauthorizedAccess:IAMUser/TorIPCaller, UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom, UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B, UnauthorizedAccess:IAMUser/MaliciousIPCaller, UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration, UnauthorizedAccess:IAMUser/ConsoleLogin, PenTest:IAMUser/KaliLinux, PenTest:IAMUser/ParrotLinux, PenTest:IAMUser/PentooLinux, Policy:IAMUser/S3BlockPublicAccessDisabled, Policy:IAMUser/RootCredentialUsage, PrivilegeEscalation:IAMUser/AdministrativePermissions
const IAM_API_CALL: FieldMap = {
  ...FINDING,
  ...ACCESS_KEY,
  apiname: 'finding.apicalls.api',
  evidence: 'finding.evidence',
  sourceipaddress: 'finding.action.awsApiCallAction.remoteIpDetails.ipAddressV4',
  username: 'resource.accessKeyDetails.userName',
  usertype: 'resource.accessKeyDetails.userType',
};
// UnauthorizedAccess:EC2/RDPBruteForce
const RDP_BRUTE_FORCE: FieldMap = {
  ...FINDING,
  ...INSTANCE,
  destinationipaddress: 'finding.action.networkConnectionAction.localIpDetails.ipAddressV4',
  destinationport: 'finding.action.networkConnectionAction.localPortDetails.port',
  direction: 'finding.action.networkConnectionAction.connectionDirection',
  net: 'resource.instanceDetails.networkInterfaces',
  proto: 'finding.action.networkConnectionAction.protocol',
  sourceipaddress: 'finding.action.networkConnectionAction.remoteIpDetails.ipAddressV4',
  sourceport: 'finding.action.networkConnectionAction.remotePortDetails.port',
};
// UnauthorizedAccess:EC2/SSHBruteForce
const SSH_BRUTE_FORCE: FieldMap = {
  ...FINDING,
  ...INSTANCE,
  destinationport: 'finding.action.networkConnectionAction.localPortDetails.port',
  direction: 'finding.action.networkConnectionAction.connectionDirection',
  net: 'resource.instanceDetails.networkInterfaces',
  proto: 'finding.action.networkConnectionAction.protocol',
  sourceipaddress: 'finding.action.networkConnectionAction.remoteIpDetails.ipAddressV4',
  sourceport: 'finding.action.networkConnectionAction.remotePortDetails.port',
};
export const GUARDDUTY_MAPPING: Record<string, FieldMap> = {
  'Recon:EC2/PortProbeUnprotectedPort': PORT_PROBE,
  'Recon:EC2/PortProbeEMRUnprotectedPort': PORT_PROBE,
  'Trojan:EC2/DNSDataExfiltration': DNS_EXFILTRATION,
  'UnauthorizedAccess:EC2/TorIPCaller': INBOUND_TOR_CALLER,
  'UnauthorizedAccess:EC2/TorClient': OUTBOUND_CONNECTION,
  'UnauthorizedAccess:EC2/TorRelay': OUTBOUND_CONNECTION,
  'UnauthorizedAccess:EC2/MaliciousIPCaller.Custom': OUTBOUND_CONNECTION,
  'Backdoor:EC2/Spambot': OUTBOUND_CONNECTION,
  'Backdoor:EC2/C&CActivity.B!DNS': OUTBOUND_DNS_CONNECTION,
  'Backdoor:EC2/DenialOfService.Tcp': OUTBOUND_CONNECTION,
  'Backdoor:EC2/DenialOfService.Udp': OUTBOUND_CONNECTION,
  'Backdoor:EC2/DenialOfService.Dns': OUTBOUND_DNS_CONNECTION,
  'Backdoor:EC2/DenialOfService.UdpOnTcpPorts': OUTBOUND_CONNECTION,
  'Backdoor:EC2/DenialOfService.UnusualProtocol': OUTBOUND_CONNECTION,
  'Behavior:EC2/NetworkPortUnusual': OUTBOUND_CONNECTION,
  'Behavior:EC2/TrafficVolumeUnusual': OUTBOUND_CONNECTION,
  'Trojan:EC2/BlackholeTraffic': OUTBOUND_NO_SOURCE,
  'Trojan:EC2/DropPoint': OUTBOUND_DNS_NO_SOURCE,
  'Trojan:EC2/BlackholeTraffic!DNS': OUTBOUND_DNS_NO_SOURCE,
  'Trojan:EC2/DriveBySourceTraffic!DNS': OUTBOUND_DNS_NO_SOURCE,
  'Trojan:EC2/DropPoint!DNS': OUTBOUND_DNS_NO_SOURCE,
  'Trojan:EC2/DGADomainRequest.B': OUTBOUND_DNS_NO_SOURCE,
  'Trojan:EC2/DGADomainRequest.C!DNS': OUTBOUND_DNS_NO_SOURCE,
  'Trojan:EC2/PhishingDomainRequest!DNS': OUTBOUND_DNS_NO_SOURCE,
  'CryptoCurrency:EC2/BitcoinTool.B!DNS': OUTBOUND_DNS_NO_SOURCE,
  'CryptoCurrency:EC2/BitcoinTool.B': OUTBOUND_NO_SOURCE,
  'Recon:EC2/Portscan': OUTBOUND_NO_SOURCE,
  'Recon:IAMUser/TorIPCaller': IAM_RECON,
  'Recon:IAMUser/MaliciousIPCaller.Custom': IAM_RECON,
  'Recon:IAMUser/MaliciousIPCaller': IAM_RECON,
  'Recon:IAMUser/NetworkPermissions': IAM_RECON,
  'Recon:IAMUser/ResourcePermissions': IAM_RECON,
  'Recon:IAMUser/UserPermissions': IAM_RECON,
  'Persistence:IAMUser/ResourcePermissions': IAM_API_CALL,
  'Persistence:IAMUser/UserPermissions': IAM_API_CALL,
  'Persistence:IAMUser/NetworkPermissions': IAM_API_CALL,
  'ResourceConsumption:IAMUser/ComputeResources': IAM_API_CALL,
  'Stealth:IAMUser/S3ServerAccessLoggingDisabled': IAM_API_CALL,
  'Stealth:IAMUser/PasswordPolicyChange': IAM_API_CALL,
  'Stealth:IAMUser/CloudTrailLoggingDisabled': IAM_API_CALL,
  'Stealth:IAMUser/LoggingConfigurationModified': IAM_API_CALL,
  'UnauthorizedAccess:IAMUser/TorIPCaller': IAM_API_CALL,
  'UnauthorizedAccess:EC2/MetadataDNSRebind': OUTBOUND_NO_SOURCE,
  'UnauthorizedAccess:EC2/RDPBruteForce': RDP_BRUTE_FORCE,
  'UnauthorizedAccess:EC2/SSHBruteForce': SSH_BRUTE_FORCE,
  'UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom': IAM_API_CALL,
  'UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B': IAM_API_CALL,
  'UnauthorizedAccess:IAMUser/MaliciousIPCaller': IAM_API_CALL,
  'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration': IAM_API_CALL,
  'UnauthorizedAccess:IAMUser/ConsoleLogin': IAM_API_CALL,
  'PenTest:IAMUser/KaliLinux': IAM_API_CALL,
  'PenTest:IAMUser/ParrotLinux': IAM_API_CALL,
  'PenTest:IAMUser/PentooLinux': IAM_API_CALL,
  'Policy:IAMUser/S3BlockPublicAccessDisabled': IAM_API_CALL,
  'Policy:IAMUser/RootCredentialUsage': IAM_API_CALL,
  'PrivilegeEscalation:IAMUser/AdministrativePermissions': IAM_API_CALL,
};
