// `npm start`: packages the extension, installs it into code-server, opens it on a demo repository, prints where.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, installVsix, sandboxDirs, startCodeServer } from './codeServer';
import { createDemoRepo } from './demoRepo';
import { root, vsixPath } from './paths';

async function main(): Promise<void> {
  const fresh = process.argv.includes('--fresh');
  const demoDir = path.join(root, '.demo');
  const repo = path.join(demoDir, 'demo-shop');
  const sandbox = path.join(demoDir, 'code-server');
  if (fresh || !fs.existsSync(path.join(repo, '.git'))) {
    createDemoRepo(repo);
    console.log(`Created the demo repository ${repo}`);
  } else {
    console.log(`Reusing the demo repository ${repo} (npm start -- --fresh to recreate it)`);
  }

  const packaged = spawnSync(process.execPath, [path.join(root, 'scripts', 'package.mjs')], { cwd: root, stdio: 'pipe' });
  if (packaged.status !== 0) throw new Error(`packaging failed:\n${packaged.stdout}${packaged.stderr}`);
  sandboxDirs(sandbox);
  await installVsix(sandbox, vsixPath);
  console.log(`Installed ${path.relative(root, vsixPath)} into ${sandbox}`);

  const wanted = Number(process.env.LOADBEARING_PORT ?? 8090);
  const port = (await portIsFree(wanted)) ? wanted : await freePort();
  const server = await startCodeServer({ sandbox, port, person: true });
  const url = `${server.url}/?folder=${encodeURIComponent(repo)}`;
  console.log('');
  console.log(`Loadbearing is running in VS Code (code-server 4.139.1) at:`);
  console.log(`  ${url}`);
  console.log('');
  console.log('Open it in a browser; the status bar shows Loadbearing once the extension is active.');
  console.log('Press Ctrl+C to stop.');

  const stop = async () => {
    console.log('\nStopping code-server…');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

async function portIsFree(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`);
    return false;
  } catch {
    return true;
  }
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
