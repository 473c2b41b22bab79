import leakSetup from '../leak/global-setup';
import { stackMode } from './mode';
import type { ContainerStack } from './containers';

/** Jest's global setup: the leak registry, and with STACK=containers the container stack (test/stack/containers.ts). */
export default async function globalSetup(): Promise<void> {
  leakSetup();
  if (stackMode() === 'containers') {
    const { startContainerStack } = await import('./containers');
    (globalThis as { containerStack?: ContainerStack }).containerStack = await startContainerStack();
  }
}
