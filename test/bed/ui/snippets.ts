// Code the UI tests and screenshots paste "from outside VS Code", as if copied from a chat window.
export const AI_SNIPPET = [
  'export function isAdmin(token: string): boolean {',
  "  const [, payload] = token.split('.');",
  "  return JSON.parse(atob(payload)).role === 'admin';",
  '}',
  '',
].join('\n');
