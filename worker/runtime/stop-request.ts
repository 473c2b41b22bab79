/**
 * Calls `stop` once, with the reason, when the worker is asked to stop: SIGTERM, SIGINT, or the end of the
 * process that started it. `npx zeebe-aws-connectors` and `npm start` run the worker under `sh -c`, which dies
 * of the SIGTERM npm passes on instead of passing it to the worker; the worker then sees its parent change
 * (it is re-parented) and drains as it would on the signal. Answers a function that stops watching.
 */
export function onStopRequest(stop: (reason: string) => void, parentPollMs = 200): () => void {
  let asked = false;
  const once = (reason: string) => {
    if (asked) return;
    asked = true;
    stop(reason);
  };
  const onTerm = () => once('SIGTERM');
  const onInt = () => once('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  const parent = process.ppid;
  // A worker started by init (a container's PID 1, systemd) has no parent to lose.
  const watch = parent > 1
    ? setInterval(() => { if (process.ppid !== parent) once(`its parent process (pid ${parent}) ended`); }, parentPollMs).unref()
    : undefined;
  return () => {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
    if (watch) clearInterval(watch);
  };
}
