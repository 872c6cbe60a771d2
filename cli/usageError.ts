// The error a command throws for bad usage: the CLI prints its message on one line and exits 2.
export class UsageError extends Error {}
