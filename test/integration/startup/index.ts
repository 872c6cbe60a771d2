// Entry for the startup suite (test/bed/ui/startup.test.ts): a workspace that does not activate Loadbearing by itself,
// so that the test decides when activation starts.
import { runSuites } from '../index';

export function run(): Promise<void> {
  return runSuites(__dirname);
}
