// Entry for one window of the two-windows suite (test/bed/twoWindows.ts): the same runner, over this folder's suites.
import { runSuites } from '../index';

export function run(): Promise<void> {
  return runSuites(__dirname);
}
