// One coding agent's hook payload (Claude Code, Codex CLI, Cursor, GitHub Copilot CLI / VS Code agent hooks) read into
// one shape: before or after which tool, which files it names, in which session and folder, with which model.
// The payload shapes are those of each agent's hook reference; test/unit/fixtures/agents/README.md cites the pages.
import { parseApplyPatch } from './applyPatch';

export type AgentName = 'claude' | 'codex' | 'cursor' | 'copilot';
export const AGENT_NAMES: readonly AgentName[] = ['claude', 'codex', 'cursor', 'copilot'];

/** What the tool can change: named files, a patch naming its files, or anything in the work tree (a shell command). */
export type ToolKind = 'file' | 'patch' | 'shell' | 'other';

export interface AgentEvent {
  agent: AgentName;
  phase: 'pre' | 'post' | 'other';
  /** The event name as the agent sent it (answers echo it back). */
  eventName: string;
  /** The tool as the agent names it (Write, Edit, apply_patch, Bash, StrReplace, editFiles, …). */
  tool: string;
  kind: ToolKind;
  /** Paths the tool names, as given (absolute or relative to `cwd`). */
  files: string[];
  /** The shell command or patch text (for shell and patch tools), to key a checkpoint when no tool id is given. */
  command?: string;
  cwd: string;
  session: string;
  model?: string;
  toolUseId?: string;
  /** The answer format: Copilot CLI's own (`permissionDecision` at the top) or the Claude-compatible one VS Code uses. */
  format: 'claude' | 'codex' | 'cursor' | 'copilot-cli';
}

export class AgentPayloadError extends Error {}

const FILE_TOOLS = new Set([
  // Claude Code
  'Write', 'Edit', 'MultiEdit', 'NotebookEdit',
  // Cursor (preToolUse tool names)
  'StrReplace', 'Delete', 'EditNotebook',
  // Copilot CLI
  'edit', 'create', 'str_replace_editor', 'write',
  // VS Code agent tools (as its hooks reference names them, and their internal names)
  'editFiles', 'createFile', 'replaceString', 'insertEdit', 'multiReplaceString', 'editNotebook',
  'create_file', 'replace_string_in_file', 'multi_replace_string_in_file', 'insert_edit_into_file', 'edit_file', 'edit_notebook_file',
]);
const PATCH_TOOLS = new Set(['apply_patch', 'applyPatch']);
const SHELL_TOOLS = new Set(['Bash', 'Shell', 'bash', 'shell', 'powershell', 'runInTerminal', 'run_in_terminal', 'local_shell', 'exec_command']);

const PRE_EVENTS = new Set(['PreToolUse', 'preToolUse', 'beforeShellExecution', 'beforeReadFile']);
const POST_EVENTS = new Set(['PostToolUse', 'postToolUse', 'afterFileEdit', 'afterShellExecution', 'PostToolUseFailure']);

/** Reads a parsed payload; throws AgentPayloadError when it is not a hook event of that agent at all. */
export function readAgentEvent(agent: AgentName, data: unknown, fallbackCwd: string): AgentEvent {
  if (!isObject(data)) throw new AgentPayloadError('the hook input is not a JSON object');
  // Copilot CLI and the cloud agent send camelCase `toolName` and `toolArgs` (a JSON string) and no event name.
  const copilotCli = typeof data.toolName === 'string' && data.tool_name === undefined;
  const eventName = str(data.hook_event_name) ?? str(data.hookEventName) ?? (copilotCli ? (data.toolResult !== undefined ? 'postToolUse' : 'preToolUse') : undefined);
  if (!eventName) throw new AgentPayloadError('the hook input names no event (hook_event_name)');
  let tool = str(data.tool_name) ?? str(data.toolName) ?? '';
  let input: Record<string, unknown> = {};
  const rawInput = data.tool_input ?? data.toolArgs;
  if (typeof rawInput === 'string') {
    try {
      const parsed: unknown = JSON.parse(rawInput);
      if (isObject(parsed)) input = parsed;
    } catch {
      input = { command: rawInput };
    }
  } else if (isObject(rawInput)) {
    input = rawInput;
  }
  // Cursor's dedicated events carry their fields at the top level.
  if (eventName === 'beforeShellExecution' || eventName === 'afterShellExecution') {
    tool = tool || 'Shell';
    input = { ...input, command: data.command };
  }
  if (eventName === 'afterFileEdit') {
    tool = tool || 'afterFileEdit';
    input = { ...input, file_path: data.file_path };
  }
  const roots = Array.isArray(data.workspace_roots) ? data.workspace_roots.filter((r): r is string => typeof r === 'string') : [];
  const cwd = str(data.cwd) ?? roots[0] ?? fallbackCwd;
  const session = str(data.session_id) ?? str(data.sessionId) ?? str(data.conversation_id) ?? `${agent}-unknown-session`;
  const model = str(data.model) ?? (isObject(data.model) ? str(data.model.id) ?? str(data.model.name) : undefined);
  const phase = PRE_EVENTS.has(eventName) ? 'pre' : POST_EVENTS.has(eventName) ? 'post' : 'other';
  const command = str(input.command) ?? str(input.patch) ?? str(input.input);
  let kind: ToolKind = 'other';
  let files: string[] = [];
  if (PATCH_TOOLS.has(tool) || (command !== undefined && /^\s*\*\*\* Begin Patch/.test(command))) {
    kind = 'patch';
    files = command ? parseApplyPatch(command).files : [];
    if (!tool) tool = 'apply_patch';
  } else if (SHELL_TOOLS.has(tool) || eventName === 'beforeShellExecution' || eventName === 'afterShellExecution') {
    kind = 'shell';
  } else if (FILE_TOOLS.has(tool) || eventName === 'afterFileEdit') {
    // Only tools that write: a Read of a critical file (Cursor's preToolUse fires for every tool) is not gated.
    files = namedFiles(input);
    kind = files.length > 0 ? 'file' : 'other';
  }
  const format = agent === 'copilot' ? (copilotCli ? 'copilot-cli' : 'claude') : agent;
  return {
    agent,
    phase,
    eventName,
    tool,
    kind,
    files,
    ...(command !== undefined ? { command } : {}),
    cwd,
    session,
    ...(model ? { model } : {}),
    ...(str(data.tool_use_id) ?? str(data.toolUseId) ? { toolUseId: str(data.tool_use_id) ?? str(data.toolUseId) } : {}),
    format,
  };
}

/** The file paths a file tool's input names, whatever each agent calls the field. */
function namedFiles(input: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of ['file_path', 'filePath', 'notebook_path', 'path', 'target_file', 'dirPath']) {
    const value = str(input[key]);
    if (value) out.push(value);
  }
  if (Array.isArray(input.files)) for (const f of input.files) if (typeof f === 'string') out.push(f);
  if (Array.isArray(input.replacements)) {
    for (const r of input.replacements) if (isObject(r) && str(r.filePath)) out.push(str(r.filePath) as string);
  }
  return [...new Set(out)];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
