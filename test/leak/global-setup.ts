import { rmSync } from 'node:fs';
import { LEAK_DIR } from './registry';

/** A fresh registry for every test run. */
export default function globalSetup(): void {
  rmSync(LEAK_DIR, { recursive: true, force: true });
}
