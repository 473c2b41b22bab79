// The engine's clock: the time every timer, job deadline and buffered message is measured by. Tests move it
// (as Zeebe's /actuator/clock does) instead of sleeping: pinned to an instant, or offset from the system time.

export class Clock {
  private pinnedMs?: number;
  private offsetMs = 0;

  now(): number {
    return this.pinnedMs ?? Date.now() + this.offsetMs;
  }

  iso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Stops the clock at `epochMs`. */
  pin(epochMs: number): void {
    this.pinnedMs = epochMs;
  }

  /** Moves the clock forward by `offsetMs` (a pinned clock stays pinned, later). */
  add(offsetMs: number): void {
    if (this.pinnedMs !== undefined) this.pinnedMs += offsetMs;
    else this.offsetMs += offsetMs;
  }

  reset(): void {
    this.pinnedMs = undefined;
    this.offsetMs = 0;
  }

  state(): { epochMilli: number; instant: string } {
    return { epochMilli: this.now(), instant: this.iso() };
  }
}
