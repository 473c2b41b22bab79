import leakScan from '../leak/global-teardown';
import { failOnLeftovers } from './leftovers';
import type { ContainerStack } from './containers';

/** Jest's global teardown: the secret-leak scan (it reads the engine), the leftover-process check, then the container stack, if one was started, stops. */
export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as { containerStack?: ContainerStack }).containerStack;
  try {
    await leakScan();
    await failOnLeftovers();
  } finally {
    if (stack) {
      const { stopContainerStack } = await import('./containers');
      await stopContainerStack(stack);
    }
  }
}
