/**
 * Where start-up time goes: named points in milliseconds since the process started
 * (`performance.now()`), written once listening as one `startup` log line, e.g.
 * `{"msg":"startup","marks":{"bootstrap":80,"modules_loaded":880,...},"phases":{...}}`.
 * `phases` are the gaps between consecutive marks, named after the mark that ends them:
 * `bootstrap` is the process start, `database_starting` reading the configuration (main.ts then
 * starts the embedded database on its own thread), `modules_loaded` loading the server,
 * `database_started` what was left of the database's boot (nothing, when it finished while the
 * modules loaded), `migrated` connecting and the migration check, `app_created` the rest of
 * Nest's set-up, `listening` binding the port. `npm run bench:restart` prints them per start.
 */
const marks = new Map<string, number>();

export function markStartup(name: string): void {
  if (!marks.has(name)) marks.set(name, Math.round(performance.now()));
}

export function startupMarks(): { marks: Record<string, number>; phases: Record<string, number> } {
  const phases: Record<string, number> = {};
  let previous = 0;
  for (const [name, at] of marks) {
    phases[name] = at - previous;
    previous = at;
  }
  return { marks: Object.fromEntries(marks), phases };
}
