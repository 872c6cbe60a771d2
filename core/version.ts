// The product version, injected by the bundler (esbuild `define`) so the CLI and server need no package.json at run time.
declare const LOADBEARING_VERSION: string | undefined;

export function productVersion(): string {
  return typeof LOADBEARING_VERSION === 'string' ? LOADBEARING_VERSION : '0.0.0-dev';
}
