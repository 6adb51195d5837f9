import { useEffect, useState } from 'react';

interface RunRow {
  id: string;
  project: string;
  name: string;
  status: string;
}

/** Placeholder shell until the dashboard (issue 6) lands: lists runs from the REST API. */
export function App() {
  const [runs, setRuns] = useState<RunRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetch('/api/v1/runs?limit=200')
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((body: { runs: RunRow[] }) => setRuns(body.runs))
      .catch((e: unknown) => setError(String(e)));
  }, []);
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 24 }}>
      <h1>runlens</h1>
      {error && <p role="alert">Could not load runs: {error}</p>}
      {runs === null && !error && <p>Loading…</p>}
      {runs && (
        <ul>
          {runs.map((r) => (
            <li key={r.id}>
              {r.project} / {r.name} — {r.status}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
