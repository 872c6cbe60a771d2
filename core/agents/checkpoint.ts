// What a tool may change, as it was before the tool ran: kept by the Pre hook in `<git dir>/loadbearing/checkpoints/
// <session>/`, taken (read and removed) by the Post hook, which diffs against it. Per session, so two agents working
// at once never take each other's checkpoints; names are hashes, so a hostile session id or path cannot leave the folder.
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A file before the tool: its bytes, or absent (the tool creates it). */
export interface FileBefore {
  exists: boolean;
  bytes?: Buffer;
  /** Too large to keep: its change is not recorded (said in the audit log). */
  tooLarge?: boolean;
}

/** For a shell command: every file that differed from the index (changed or untracked) and its bytes. */
export interface TreeCheckpoint {
  files: Record<string, FileBefore>;
}

/** Files larger than this are not copied into a checkpoint (nor diffed): an agent writing them is reported, not recorded. */
export const MAX_CHECKPOINT_FILE_BYTES = 8 * 1024 * 1024;
/** Sessions untouched for this long are removed at the next Pre hook: a Pre without its Post leaves nothing for ever. */
const STALE_SESSION_MS = 24 * 60 * 60 * 1000;

export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

export class CheckpointStore {
  readonly root: string;

  constructor(gitDir: string) {
    this.root = path.join(gitDir, 'loadbearing', 'checkpoints');
  }

  private sessionDir(session: string): string {
    return path.join(this.root, shortHash(session));
  }

  async saveFile(session: string, repoPath: string, before: FileBefore): Promise<void> {
    await this.write(session, `f-${shortHash(repoPath)}.json`, encodeFile(repoPath, before));
  }

  /** The file's checkpoint of this session, removed as it is read; undefined when there is none. */
  async takeFile(session: string, repoPath: string): Promise<FileBefore | undefined> {
    const text = await this.take(session, `f-${shortHash(repoPath)}.json`);
    if (text === undefined) return undefined;
    return decodeFile(JSON.parse(text) as EncodedFile);
  }

  async saveTree(session: string, key: string, tree: TreeCheckpoint): Promise<void> {
    const files = Object.entries(tree.files).map(([p, before]) => encodeFile(p, before));
    await this.write(session, `t-${shortHash(key)}.json`, { files });
  }

  async takeTree(session: string, key: string): Promise<TreeCheckpoint | undefined> {
    const text = await this.take(session, `t-${shortHash(key)}.json`);
    if (text === undefined) return undefined;
    const data = JSON.parse(text) as { files: EncodedFile[] };
    return { files: Object.fromEntries(data.files.map((f) => [f.path, decodeFile(f)])) };
  }

  /** Remembers that this session's edit leaving `repoPath` with text hash `hash` was recorded (a second Post hook of the same edit skips it). */
  async markDone(session: string, repoPath: string, hash: string): Promise<void> {
    await this.write(session, `d-${shortHash(repoPath)}.json`, { path: repoPath, hash });
  }

  async isDone(session: string, repoPath: string, hash: string): Promise<boolean> {
    try {
      const data = JSON.parse(await fs.promises.readFile(path.join(this.sessionDir(session), `d-${shortHash(repoPath)}.json`), 'utf8')) as { hash?: string };
      return data.hash === hash;
    } catch {
      return false;
    }
  }

  /** Removes sessions nobody touched for a day (a Pre hook whose Post never came: the agent crashed or was stopped). */
  async removeStale(now = Date.now()): Promise<void> {
    let names: string[];
    try {
      names = await fs.promises.readdir(this.root);
    } catch {
      return;
    }
    for (const name of names) {
      const dir = path.join(this.root, name);
      try {
        if (now - (await fs.promises.stat(dir)).mtimeMs > STALE_SESSION_MS) await fs.promises.rm(dir, { recursive: true, force: true });
      } catch {
        /* removed by another hook meanwhile */
      }
    }
  }

  /** Every checkpoint file still held (for tests and `status`-like reports). */
  async pending(): Promise<string[]> {
    const out: string[] = [];
    for (const dir of await fs.promises.readdir(this.root).catch(() => [] as string[])) {
      for (const name of await fs.promises.readdir(path.join(this.root, dir)).catch(() => [] as string[])) {
        if (!name.startsWith('d-')) out.push(`${dir}/${name}`);
      }
    }
    return out;
  }

  private async write(session: string, name: string, data: unknown): Promise<void> {
    const dir = this.sessionDir(session);
    await fs.promises.mkdir(dir, { recursive: true });
    // Written aside and renamed: a Post hook never reads half a checkpoint.
    const tmp = path.join(dir, `.${name}.${process.pid}.${randomUUID()}.tmp`);
    await fs.promises.writeFile(tmp, JSON.stringify(data));
    await fs.promises.rename(tmp, path.join(dir, name));
  }

  private async take(session: string, name: string): Promise<string | undefined> {
    const file = path.join(this.sessionDir(session), name);
    let text: string;
    try {
      text = await fs.promises.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    await fs.promises.rm(file, { force: true });
    return text;
  }
}

interface EncodedFile {
  path: string;
  exists: boolean;
  base64?: string;
  tooLarge?: boolean;
}

function encodeFile(repoPath: string, before: FileBefore): EncodedFile {
  return {
    path: repoPath,
    exists: before.exists,
    ...(before.bytes ? { base64: before.bytes.toString('base64') } : {}),
    ...(before.tooLarge ? { tooLarge: true } : {}),
  };
}

function decodeFile(file: EncodedFile): FileBefore {
  return {
    exists: file.exists,
    ...(file.base64 !== undefined ? { bytes: Buffer.from(file.base64, 'base64') } : {}),
    ...(file.tooLarge ? { tooLarge: true } : {}),
  };
}

/** A file's bytes now, or absent; a file past the size limit is reported as too large. */
export async function readFileBefore(abs: string): Promise<FileBefore> {
  try {
    const stat = await fs.promises.stat(abs);
    if (!stat.isFile()) return { exists: false };
    if (stat.size > MAX_CHECKPOINT_FILE_BYTES) return { exists: true, tooLarge: true };
    return { exists: true, bytes: await fs.promises.readFile(abs) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { exists: false };
    throw error;
  }
}
