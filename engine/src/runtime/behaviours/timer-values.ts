// Timer values as Zeebe reads them (docs: Components > Modeler > BPMN > Timer events): an ISO 8601 duration
// (`PT10M`, `P1DT2H`), an ISO 8601 date-time with an offset (`2026-12-24T17:00:00Z`), or a cycle
// (`R3/PT10S`, `R/PT1M`, `R2/2026-12-24T17:00:00Z/PT1H`, or a cron expression as Spring reads it,
// `0 0 9 * * MON-FRI`, in UTC; read with croner).
import { Cron } from 'croner';

export interface TimerPlan {
  dueMs: number;
  /** Repetitions left after the first firing (-1 = forever); 0 for durations and dates. */
  repetitions: number;
  intervalMs?: number;
  /** A cron cycle: the next firing is the expression's next time after the last one. */
  cron?: string;
}

const DURATION = /^(-)?P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** Milliseconds of an ISO 8601 duration from `fromMs` (months and years on the calendar); undefined when it is not one. */
export function durationMs(text: string, fromMs: number): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const n = (i: number) => Number((m[i] ?? '0').replace(',', '.'));
  const from = new Date(fromMs);
  const to = new Date(fromMs);
  to.setUTCFullYear(to.getUTCFullYear() + n(2), to.getUTCMonth() + n(3));
  const ms = to.getTime() - from.getTime() + ((n(4) * 7 + n(5)) * 24 * 3600 + n(6) * 3600 + n(7) * 60 + n(8)) * 1000;
  return m[1] ? -ms : ms;
}

function dateMs(text: string): number | undefined {
  const t = text.trim();
  // Zeebe needs a zone: a date-time without an offset is refused.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})(\[[^\]]+\])?$/.test(t)) return undefined;
  const ms = Date.parse(t.replace(/\[[^\]]+\]$/, ''));
  return Number.isNaN(ms) ? undefined : ms;
}

/** When a timer of this kind and value fires first, and how it repeats; throws with the reason when the value is not one. */
export function planTimer(type: 'duration' | 'date' | 'cycle', value: unknown, nowMs: number): TimerPlan {
  if (typeof value !== 'string') throw new Error(`Expected the timer ${type} to be a string, but was '${JSON.stringify(value)}'`);
  if (type === 'duration') {
    const ms = durationMs(value, nowMs);
    if (ms === undefined) throw new Error(`Invalid duration format '${value}'`);
    return { dueMs: nowMs + Math.max(ms, 0), repetitions: 0 };
  }
  if (type === 'date') {
    const ms = dateMs(value);
    if (ms === undefined) throw new Error(`Invalid date-time format '${value}'`);
    return { dueMs: ms, repetitions: 0 };
  }
  const parts = value.trim().split('/');
  const r = /^R(\d*)$/.exec(parts[0] ?? '');
  if (!r) {
    const dueMs = nextCronMs(value.trim(), nowMs);
    if (dueMs === undefined) throw new Error(`Invalid cycle format '${value}': neither an ISO 8601 repeating interval nor a cron expression that fires`);
    return { dueMs, repetitions: -1, cron: value.trim() };
  }
  if (parts.length < 2 || parts.length > 3) throw new Error(`Invalid cycle format '${value}'`);
  const repetitions = r[1] === '' ? -1 : Number(r[1]);
  const start = parts.length === 3 ? dateMs(parts[1]) : nowMs;
  const interval = durationMs(parts[parts.length - 1], start ?? nowMs);
  if (start === undefined || interval === undefined || interval <= 0) throw new Error(`Invalid cycle format '${value}'`);
  const dueMs = parts.length === 3 ? start : nowMs + interval;
  return { dueMs, repetitions: repetitions < 0 ? -1 : Math.max(repetitions - 1, 0), intervalMs: interval };
}

/** The next time after `afterMs` a cron expression names (UTC), or undefined when it is not one or never fires. */
export function nextCronMs(expression: string, afterMs: number): number | undefined {
  try {
    return new Cron(expression, { timezone: 'UTC', paused: true }).nextRun(new Date(afterMs))?.getTime();
  } catch {
    return undefined;
  }
}
