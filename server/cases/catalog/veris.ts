// VERIS (Vocabulary for Event Recording and Incident Sharing) categories for tagging incidents:
// the action and asset categories with their common varieties, and the attributes (CIA).
// Tags are written as "action.Hacking", "action.Hacking.Brute force", "asset.Server.Web application".
export interface VerisTag {
  id: string;
  name: string;
  group: 'action' | 'asset' | 'attribute';
}

const ACTIONS: Record<string, string[]> = {
  Malware: [
    'Ransomware',
    'Backdoor',
    'C2',
    'Downloader',
    'Spyware/Keylogger',
    'Export data',
    'Capture stored data',
    'Password dumper',
    'Worm',
    'Adware',
    'Rootkit',
  ],
  Hacking: [
    'Brute force',
    'Use of stolen creds',
    'Exploit vuln',
    'Exploit misconfig',
    'SQLi',
    'Backdoor or C2',
    'Credential stuffing',
    'Password spraying',
    'DoS',
    'Abuse of functionality',
  ],
  Social: ['Phishing', 'Pretexting', 'Bribery', 'Extortion', 'Influence', 'Spam', 'Baiting', 'Scam'],
  Misuse: [
    'Privilege abuse',
    'Data mishandling',
    'Unapproved hardware',
    'Unapproved software',
    'Email misuse',
    'Possession abuse',
    'Knowledge abuse',
  ],
  Physical: ['Theft', 'Tampering', 'Snooping', 'Skimmer', 'Surveillance', 'Assault'],
  Error: [
    'Misdelivery',
    'Misconfiguration',
    'Publishing error',
    'Loss',
    'Disposal error',
    'Programming error',
    'Omission',
  ],
  Environmental: ['Power failure', 'Fire', 'Flood', 'Hazmat', 'Temperature'],
  Unknown: [],
};

const ASSETS: Record<string, string[]> = {
  Server: [
    'Web application',
    'Mail',
    'Database',
    'File',
    'Directory',
    'DNS',
    'Authentication',
    'Log',
    'Backup',
    'VM host',
  ],
  Network: ['Router or switch', 'Firewall', 'VPN', 'Wireless LAN', 'IDS', 'Load balancer'],
  'User Dev': ['Desktop', 'Laptop', 'Mobile phone', 'Tablet', 'Peripheral'],
  Media: ['Documents', 'Disk drive', 'Flash drive', 'Payment card', 'Tapes'],
  Person: ['End-user', 'System admin', 'Developer', 'Executive', 'Finance', 'Helpdesk', 'Customer'],
  'Kiosk/Term': ['ATM', 'PED pad', 'Gas terminal', 'POS terminal'],
  Embedded: ['Camera', 'Medical device', 'Industrial control'],
  Unknown: [],
};

const ATTRIBUTES = ['Confidentiality', 'Integrity', 'Availability'];

function expand(group: 'action' | 'asset', tree: Record<string, string[]>): VerisTag[] {
  return Object.entries(tree).flatMap(([category, varieties]) => [
    { id: `${group}.${category}`, name: category, group },
    ...varieties.map((v) => ({ id: `${group}.${category}.${v}`, name: `${category}: ${v}`, group })),
  ]);
}

export const VERIS_TAGS: readonly VerisTag[] = [
  ...expand('action', ACTIONS),
  ...expand('asset', ASSETS),
  ...ATTRIBUTES.map((a) => ({ id: `attribute.${a}`, name: a, group: 'attribute' as const })),
];
