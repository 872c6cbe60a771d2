// Creates a small git repository with a .loadbearing policy: the demo for `npm start` and the integration tests' workspace.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const files: Record<string, string> = {
  '.loadbearing': [
    '# Loadbearing policy: which paths are load-bearing, and how strictly AI-written code there is gated.',
    '# pattern              tier        owners (informational)',
    '/src/auth/**           critical    @security',
    '/src/payments/         critical    @payments',
    '*.tf                   high        @platform',
    '/infra/                high',
    '/src/ui/               watch',
    '/docs/                 ignore',
    '',
  ].join('\n'),
  'src/auth/session.ts': [
    'export interface Session {',
    '  userId: string;',
    '  expiresAt: number;',
    '}',
    '',
    'export function parseSession(raw: string): Session | undefined {',
    "  const [userId, expires] = raw.split(':');",
    '  const expiresAt = Number(expires);',
    '  return userId && Number.isFinite(expiresAt) ? { userId, expiresAt } : undefined;',
    '}',
    '',
  ].join('\n'),
  'src/payments/charge.ts': [
    'export interface Charge {',
    '  amountCents: number;',
    '  currency: string;',
    '}',
    '',
    'export function total(charges: Charge[]): number {',
    '  return charges.reduce((sum, charge) => sum + charge.amountCents, 0);',
    '}',
    '',
  ].join('\n'),
  'infra/main.tf': ['resource "aws_s3_bucket" "assets" {', '  bucket = "demo-assets"', '}', ''].join('\n'),
  'src/ui/button.ts': ["export const label = 'Pay now';", ''].join('\n'),
  'src/util/format.ts': ['export function money(cents: number): string {', '  return (cents / 100).toFixed(2);', '}', ''].join('\n'),
  'docs/README.md': ['# Demo', '', 'A demo repository for Loadbearing.', ''].join('\n'),
  'README.md': ['# demo-shop', '', 'Open src/auth/session.ts, paste some code, and watch Loadbearing flag it.', ''].join('\n'),
};

export function createDemoRepo(dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Demo Reviewer');
  git('config', 'user.email', 'reviewer@example.com');
  git('config', 'commit.gpgsign', 'false');
  git('add', '-A');
  git('commit', '-q', '-m', 'Initial commit');
  return dir;
}
