/**
 * Calls `stop` once, with the reason, when the worker is asked to stop: SIGTERM, SIGINT, or, when npm started it,
 * the end of its parent. `npx zeebe-aws-connectors` runs the worker under `sh -c`, which dies of the SIGTERM npm
 * passes on instead of passing it to the worker; the worker then sees its parent change (it is re-parented) and
 * drains as it would on the signal. A worker started otherwise (directly, nohup, systemd, a container) outlives
 * its parent as any process does. Answers a function that stops watching.
 */
export function onStopRequest(stop: (reason: string) => void, env: NodeJS.ProcessEnv = process.env, parentPollMs = 200): () => void {
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
  // npm sets npm_command for what it runs (exec, start, run-script). A worker started by init has no parent to lose.
  const watch = env.npm_command && parent > 1
    ? setInterval(() => { if (process.ppid !== parent) once(`its parent process (pid ${parent}) ended`); }, parentPollMs).unref()
    : undefined;
  return () => {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
    if (watch) clearInterval(watch);
  };
}
