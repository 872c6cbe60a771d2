// The file list of each repository, for "matches nothing", shadowing and hover counts: walked once, cached per repository.
import { listWorkTreeFiles, WorkTreeFiles } from '../core/policy/workTreeFiles';

/**
 * The client watches only `.loadbearing` files, so other files appearing or vanishing are not reported; a listing
 * older than this is walked again on the next use.
 */
const MAX_AGE_MS = 30_000;

export type ListFiles = (root: string) => Promise<WorkTreeFiles>;

export class RepoFiles {
  private readonly cache = new Map<string, { at: number; files: Promise<WorkTreeFiles> }>();

  constructor(
    private readonly list: ListFiles = (root) => listWorkTreeFiles(root),
    private readonly now: () => number = Date.now,
  ) {}

  filesOf(root: string): Promise<WorkTreeFiles> {
    const cached = this.cache.get(root);
    if (cached && this.now() - cached.at < MAX_AGE_MS) return cached.files;
    const files = this.list(root).catch((): WorkTreeFiles => ({ paths: [], truncated: true }));
    this.cache.set(root, { at: this.now(), files });
    return files;
  }

  invalidate(): void {
    this.cache.clear();
  }
}
