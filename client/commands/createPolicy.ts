// Loadbearing: Create Policy — drafts a `.loadbearing` from the repository's evidence (core/policyDraft.ts) and opens it
// unsaved at the repository root, for the user to edit and save. An existing policy is opened, never overwritten.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findRepo } from '../../core/git/gitRepo';
import { draftReads, MAX_SOURCE_BYTES } from '../../core/policy/importFanIn';
import { CODEOWNERS_PATHS, draftPolicy } from '../../core/policy/policyDraft';
import { POLICY_FILE } from '../../core/policy/policyLoader';
import { listWorkTreeFiles } from '../../core/policy/workTreeFiles';
import { CommandContext } from './context';

export interface CreatePolicyResult {
  uri: string;
  /** False when a policy already existed and was opened instead. */
  created: boolean;
}

/** Files read at once while drafting. */
const PARALLEL_READS = 32;

export async function createPolicy(ctx: CommandContext, arg?: unknown): Promise<CreatePolicyResult | undefined> {
  const folder = await pickFolder(arg);
  if (!folder) {
    void vscode.window.showInformationMessage('Loadbearing: open a folder first; the policy goes at its repository root.');
    return undefined;
  }
  const root = findRepo(folder.uri.fsPath)?.root ?? folder.uri.fsPath;
  const target = vscode.Uri.file(path.join(root, POLICY_FILE));
  if (fs.existsSync(target.fsPath)) {
    await vscode.window.showTextDocument(target, { preview: false });
    void vscode.window.showInformationMessage(`Loadbearing: ${vscode.workspace.asRelativePath(target)} already exists; opened it instead of drafting a new one.`);
    return { uri: target.toString(), created: false };
  }

  const draftUri = target.with({ scheme: 'untitled' });
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === draftUri.toString());
  if (open && open.getText() !== '') {
    // A draft from an earlier run, maybe already edited: show it rather than replace the user's work.
    await vscode.window.showTextDocument(open, { preview: false });
    return { uri: draftUri.toString(), created: true };
  }
  const text = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Loadbearing: drafting a policy from this repository…' },
    () => draft(root),
  );
  let doc = await vscode.workspace.openTextDocument(draftUri);
  if (doc.languageId !== 'loadbearing') doc = await vscode.languages.setTextDocumentLanguage(doc, 'loadbearing');
  await vscode.window.showTextDocument(doc, { preview: false });
  const edit = new vscode.WorkspaceEdit();
  edit.insert(draftUri, new vscode.Position(0, 0), text);
  // Our own text, not an AI's: the attributor must not flag it.
  if (!(await ctx.attributor.ownEdit(() => vscode.workspace.applyEdit(edit)))) throw new Error('could not insert the draft');
  ctx.log.info(`drafted ${target.fsPath} (${text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length} lines), unsaved`);
  void vscode.window.showInformationMessage('Loadbearing: review the drafted policy (each line names its evidence), then save it.');
  return { uri: draftUri.toString(), created: true };
}

async function pickFolder(arg: unknown): Promise<vscode.WorkspaceFolder | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const folders = vscode.workspace.workspaceFolders ?? [];
  const fromUri = uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
  if (fromUri || folders.length <= 1) return fromUri ?? folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Draft a .loadbearing policy for which folder?' });
}

/** Lists the work tree, reads what the draft needs (bounded sizes), and drafts. Never runs anything from the repository. */
async function draft(root: string): Promise<string> {
  const { paths } = await listWorkTreeFiles(root);
  const texts = new Map<string, string>();
  const wanted = draftReads(paths);
  for (let k = 0; k < wanted.length; k += PARALLEL_READS) {
    await Promise.all(
      wanted.slice(k, k + PARALLEL_READS).map(async (rel) => {
        const text = await readBounded(path.join(root, ...rel.split('/')));
        if (text !== undefined) texts.set(rel, text);
      }),
    );
  }
  const listed = new Set(paths);
  const ownersPath = CODEOWNERS_PATHS.find((p) => listed.has(p));
  const ownersText = ownersPath ? await readBounded(path.join(root, ...ownersPath.split('/'))) : undefined;
  return draftPolicy({
    paths,
    read: (p) => texts.get(p),
    ...(ownersPath && ownersText !== undefined ? { codeowners: { path: ownersPath, text: ownersText } } : {}),
  });
}

async function readBounded(file: string): Promise<string | undefined> {
  try {
    const stat = await fs.promises.lstat(file);
    if (!stat.isFile() || stat.size > MAX_SOURCE_BYTES) return undefined;
    return await fs.promises.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
