/** Loading and error states: spinners that wait before showing (no flash on fast loads), errors with a Retry. */
import { useEffect, useState, type ReactNode } from 'react';

/** Renders `children` only after `ms` (default 200): a quick load shows nothing rather than a flicker. */
export function Delayed({ ms = 200, children }: { ms?: number; children: ReactNode }) {
  const [show, setShow] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setShow(true), ms);
    return () => clearTimeout(t);
  }, [ms]);
  return show ? <>{children}</> : null;
}

export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <Delayed>
      <div className="spinner" role="status" aria-live="polite">
        <span className="spinner-dot" aria-hidden="true" />
        {label}
      </div>
    </Delayed>
  );
}

export function ErrorBox({ title, error, onRetry }: { title: string; error: unknown; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="error-box" role="alert">
      <strong>{title}</strong>
      <span className="error-message">{message}</span>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
