// The files a Codex `apply_patch` body names (`*** Add File:`, `*** Update File:`, `*** Delete File:`, `*** Move to:`):
// the checkpoint before the patch and the diff after it cover exactly those files.

export interface PatchFiles {
  files: string[];
  deleted: string[];
}

const HEADER = /^\*\*\* (Add File|Update File|Delete File|Move to): (.+?)\s*$/;

export function parseApplyPatch(patch: string): PatchFiles {
  const files: string[] = [];
  const deleted: string[] = [];
  for (const line of patch.split(/\r?\n/)) {
    const match = HEADER.exec(line);
    if (!match) continue;
    files.push(match[2]);
    if (match[1] === 'Delete File') deleted.push(match[2]);
  }
  return { files: [...new Set(files)], deleted };
}
