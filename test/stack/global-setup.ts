import leakSetup from '../leak/global-setup';
import { noteWhatRuns } from './leftovers';
import { stackMode } from './mode';
import type { ContainerStack } from './containers';

/** Jest's global setup: the leak registry, with STACK=containers the container stack (test/stack/containers.ts), and what runs before the tests (leftovers.ts). */
export default async function globalSetup(): Promise<void> {
  leakSetup();
  quietNodeVersionWarning();
  if (stackMode() === 'containers') {
    const { startContainerStack } = await import('./containers');
    (globalThis as { containerStack?: ContainerStack }).containerStack = await startContainerStack();
  }
  await noteWhatRuns();
}

/**
 * The AWS SDK warns about Node 20 once per module registry, and jest gives every test file its own (24 copies of a
 * 9-line warning in one run): it is said once, here, and silenced for the test files (the worker processes the
 * tests start still show it, once each, as any worker does).
 */
function quietNodeVersionWarning(): void {
  if (Number(process.versions.node.split('.')[0]) >= 22 || process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED) return;
  process.stdout.write(`\nnote: Node ${process.versions.node}: AWS SDK releases published after the first week of January 2027 need Node 22 (the SDK's NodeVersionSupportWarning, shown once here)\n`);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}
