// Entry for the install test: the same runner, over this folder's suites, against the extension installed from the .vsix.
import { runSuites } from '../index';

export function run(): Promise<void> {
  return runSuites(__dirname);
}
