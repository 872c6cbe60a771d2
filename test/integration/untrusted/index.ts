// Entry for the Restricted Mode suite: the same runner, over this folder's suites, in a workspace that is not trusted.
import { runSuites } from '../index';

export function run(): Promise<void> {
  return runSuites(__dirname);
}
