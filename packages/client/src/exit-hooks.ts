/** What a run does when the Node process winds down. */
export interface ExitHandlers {
  /** The event loop ran dry: finish the run properly (network is still possible). */
  beforeExit(exitCode: number): void;
  /** The process is exiting now (`process.exit`, an uncaught exception): only synchronous work runs here. */
  exit(): void;
}

const open = new Set<ExitHandlers>();
let installed = false;

/**
 * Registers a run for the process exit hooks and returns the function that unregisters it. Under Node, installs
 * once a `beforeExit` listener (finishes still-open runs, which keeps the loop alive until they are sent) and an
 * `exit` listener (saves what could not be sent to the offline file). Nothing listens for `uncaughtException`:
 * a listener there would swallow the user's crash; a run left open is marked crashed by the server when its
 * heartbeat stops. Does nothing in browsers.
 */
export function trackForExit(handlers: ExitHandlers): () => void {
  install();
  open.add(handlers);
  return () => {
    open.delete(handlers);
  };
}

function install(): void {
  if (installed || typeof process === 'undefined' || typeof process.on !== 'function') return;
  installed = true;
  process.on('beforeExit', (code: number) => {
    for (const h of [...open]) h.beforeExit(code);
  });
  process.on('exit', () => {
    for (const h of [...open]) h.exit();
  });
}
