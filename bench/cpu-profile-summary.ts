// `node bin/run-ts.mjs bench/cpu-profile-summary.ts FILE.cpuprofile [--top N] [--from S] [--to S] [--under TEXT]`
// Sums a V8 CPU profile (what `npm run bench -- --cpu-prof DIR` makes the server write) by function
// and by file: self time (samples whose top frame is that function) and total time (samples with the
// function anywhere on the stack, counted once per sample even when it recurses). --from/--to keep
// only samples in that window (seconds from the profile's start), so one bench phase can be read
// out of a whole run (--timeline prints the busy share of each second, to find the phases); --under
// keeps only samples whose stack contains a frame matching TEXT.
import fs from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '40' },
    from: { type: 'string' },
    to: { type: 'string' },
    under: { type: 'string' },
    timeline: { type: 'boolean', default: false },
  },
});
// `| head` closes the pipe early: that is not an error.
process.stdout.on('error', () => process.exit(0));
if (positionals.length !== 1) {
  process.stderr.write('usage: cpu-profile-summary.ts FILE.cpuprofile [--top N] [--from S] [--to S] [--under TEXT]\n');
  process.exit(2);
}

const profile = JSON.parse(fs.readFileSync(positionals[0], 'utf8')) as CpuProfile;
const top = Number(values.top);
const fromUs = values.from === undefined ? -Infinity : Number(values.from) * 1e6;
const toUs = values.to === undefined ? Infinity : Number(values.to) * 1e6;

const root = process.cwd();
function shortUrl(url: string): string {
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) return u.slice(nm + 1);
  return u.startsWith(root + '/') ? u.slice(root.length + 1) : u || '(native)';
}
function label(f: CallFrame): string {
  return `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
}

const byId = new Map<number, ProfileNode>();
const parent = new Map<number, number>();
for (const n of profile.nodes) {
  byId.set(n.id, n);
  for (const c of n.children ?? []) parent.set(c, n.id);
}

const self = new Map<string, number>();
const selfFile = new Map<string, number>();
const total = new Map<string, number>();
let kept = 0;
let t = 0;
const busyPerSecond: number[] = [];
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i];
  const second = Math.floor(t / 1e6);
  if (byId.get(profile.samples[i])!.callFrame.functionName !== '(idle)')
    busyPerSecond[second] = (busyPerSecond[second] ?? 0) + (profile.timeDeltas[i + 1] ?? 0);
  if (t < fromUs || t > toUs) continue;
  // A sample's weight is the time until the next one (the last sample gets none).
  const dt = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : 0;
  const leaf = byId.get(profile.samples[i])!;
  const stack: CallFrame[] = [];
  for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) stack.push(byId.get(id)!.callFrame);
  if (values.under !== undefined && !stack.some((f) => label(f).includes(values.under!))) continue;
  kept += dt;
  const leafLabel = label(leaf.callFrame);
  self.set(leafLabel, (self.get(leafLabel) ?? 0) + dt);
  const file = shortUrl(leaf.callFrame.url);
  selfFile.set(file, (selfFile.get(file) ?? 0) + dt);
  for (const l of new Set(stack.map(label))) total.set(l, (total.get(l) ?? 0) + dt);
}

function print(title: string, m: Map<string, number>): void {
  process.stdout.write(`\n${title}\n`);
  const rows = [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [k, us] of rows) {
    process.stdout.write(
      `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / kept).toFixed(1).padStart(5)} %  ${k}\n`,
    );
  }
}

process.stdout.write(
  `${positionals[0]}: ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s profiled, ${(kept / 1e6).toFixed(1)} s in the window\n`,
);
if (values.timeline) {
  process.stdout.write('\nbusy share per second (not idle)\n');
  for (let s = 0; s < busyPerSecond.length; s++)
    process.stdout.write(`${String(s).padStart(4)} s ${'#'.repeat(Math.round((busyPerSecond[s] ?? 0) / 2e4))}\n`);
}
print('self time by function', self);
print('self time by file', selfFile);
print('total time by function (on the stack)', total);
