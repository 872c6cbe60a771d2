// History for the report's screenshot: a few weeks of commits in the demo repository, each with a Loadbearing note
// (AI regions, sources, tools, reviewers and review times), as the post-commit hook would have written them.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CommitNote, NOTE_VERSION, NOTES_REF_SHORT, serializeNote } from '../../core/git/gitNotes';

interface AiPart {
  lines: [number, number];
  source: string;
  tool?: string;
  /** Who reviewed it, and how long after the AI wrote it; absent: committed unreviewed (only in a tier that is not
   * gated, so that the extension has no bypassed commit to warn about on the screenshots). */
  review?: { who: 'rita' | 'sam' | 'ana'; after: number };
}

interface Step {
  daysAgo: number;
  message: string;
  files: Record<string, { lines: number; ai: AiPart[] }>;
}

const PEOPLE = {
  rita: { name: 'Rita Reviewer', email: 'rita@example.com' },
  sam: { name: 'Sam Okafor', email: 'sam@example.com' },
  ana: { name: 'Ana Lima', email: 'ana@example.com' },
};

const MIN = 60;
const HOUR = 3600;
const STEPS: Step[] = [
  { daysAgo: 18, message: 'Token refresh', files: { 'src/auth/refresh.ts': { lines: 24, ai: [{ lines: [3, 16], source: 'agent', tool: 'claude', review: { who: 'rita', after: 4 * MIN } }] } } },
  { daysAgo: 15, message: 'Refunds', files: { 'src/payments/refund.ts': { lines: 30, ai: [{ lines: [2, 19], source: 'paste', review: { who: 'sam', after: 2.5 * HOUR } }] } } },
  { daysAgo: 12, message: 'CDN bucket', files: { 'infra/cdn.tf': { lines: 12, ai: [{ lines: [1, 12], source: 'chat', review: { who: 'rita', after: 40 } }] } } },
  { daysAgo: 10, message: 'Checkout banner', files: { 'src/ui/banner.ts': { lines: 16, ai: [{ lines: [2, 11], source: 'inline-completion' }] } } },
  {
    daysAgo: 7,
    message: 'OAuth callback',
    files: {
      'src/auth/oauth.ts': {
        lines: 28,
        ai: [
          { lines: [4, 12], source: 'agent', tool: 'codex', review: { who: 'ana', after: 25 * MIN } },
          { lines: [15, 20], source: 'agent', tool: 'codex', review: { who: 'rita', after: 50 } },
        ],
      },
    },
  },
  { daysAgo: 4, message: 'Currency rounding', files: { 'src/payments/rounding.ts': { lines: 10, ai: [{ lines: [3, 8], source: 'paste', review: { who: 'ana', after: 3 * HOUR } }] } } },
  {
    daysAgo: 2,
    message: 'Date helpers',
    files: {
      'src/util/dates.ts': { lines: 40, ai: [{ lines: [5, 22], source: 'inline-completion', review: { who: 'sam', after: 26 * HOUR } }] },
      'infra/variables.tf': { lines: 9, ai: [{ lines: [1, 6], source: 'agent', tool: 'cursor', review: { who: 'ana', after: 7 * MIN } }] },
    },
  },
];

/** Commits STEPS into `repo` (hooks off: the notes are written here) and returns how many commits it made. */
export function seedReportHistory(repo: string, now = Date.now()): number {
  for (const step of STEPS) {
    const when = new Date(now - step.daysAgo * 86_400_000);
    const note: CommitNote = { loadbearing: NOTE_VERSION, files: [] };
    for (const [file, spec] of Object.entries(step.files)) {
      const abs = path.join(repo, ...file.split('/'));
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, Array.from({ length: spec.lines }, (_, i) => `// ${path.basename(file)} line ${i + 1}`).join('\n') + '\n');
      note.files.push({
        path: file,
        tier: null,
        regions: spec.ai.map((part, i) => ({
          startLine: part.lines[0],
          endLine: part.lines[1],
          source: part.source,
          confidence: part.source === 'agent' ? 'certain' : 'likely',
          origin: `seed-${step.daysAgo}-${i}`,
          time: when.toISOString(),
          ...(part.tool ? { tool: part.tool } : {}),
          ack: part.review ? { reviewer: PEOPLE[part.review.who], time: new Date(when.getTime() + part.review.after * 1000).toISOString() } : null,
        })),
      });
    }
    const date = when.toISOString();
    const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env, stdio: 'pipe' });
    git('add', '-A');
    git('-c', 'core.hooksPath=/nonexistent', 'commit', '-q', '-m', step.message);
    git('notes', '--ref', NOTES_REF_SHORT, 'add', '-f', '-m', serializeNote(note), 'HEAD');
  }
  return STEPS.length;
}
