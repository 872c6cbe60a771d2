// The gate's answer in each agent's own format (stdout of the hook, exit 0).
//
// "allow" is answered with no decision at all ({}): Loadbearing has no objection, and the agent's own permission rules
// still apply (Claude Code's `permissionDecision: "allow"` would skip the user's permission prompt).
// Codex does not support "ask" from a hook (only "deny" is honoured), so there "ask" is answered as a deny whose reason
// says a person's approval is needed: failing closed instead of silently letting the edit through.
import type { AgentDecision } from './agentPolicy';
import type { AgentEvent } from './agentEvent';

export function formatDecision(event: Pick<AgentEvent, 'format' | 'eventName'>, decision: AgentDecision): Record<string, unknown> {
  if (decision.action === 'allow') return {};
  const reason = decision.reasons.join('\n');
  switch (event.format) {
    case 'cursor':
      return { permission: decision.action, user_message: reason, agent_message: reason };
    case 'copilot-cli':
      return { permissionDecision: decision.action, permissionDecisionReason: reason };
    case 'codex': {
      const codexReason = decision.action === 'ask' ? `${reason}\nCodex hooks cannot ask the user: ask a person to approve, or make this edit yourself.` : reason;
      return { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: codexReason } };
    }
    case 'claude':
    default:
      return { hookSpecificOutput: { hookEventName: event.eventName === 'preToolUse' ? 'PreToolUse' : event.eventName, permissionDecision: decision.action, permissionDecisionReason: reason } };
  }
}
