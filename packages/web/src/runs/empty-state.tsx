/** What the runs page shows before any run exists: how to log a first one. */

const PYTHON = `import runlens

run = runlens.init(project="mnist", config={"lr": 3e-4, "seed": 1, "model": {"layers": 4}})
for step in range(1000):
    loss = train_step()
    run.log({"train/loss": loss, "lr": 3e-4}, step=step)   # never blocks, never raises
run.summary({"best_val": 0.91})
run.finish()                                              # also called at exit; exceptions mark the run failed`;

const TYPESCRIPT = `import { init } from '@runlens/client';

const run = await init({ project: 'mnist', config: { lr: 3e-4, seed: 1 } });
for (let step = 0; step < 1000; step++) run.log({ 'train/loss': trainStep() }, step);
await run.finish();`;

export function EmptyState() {
  const url = window.location.origin;
  return (
    <div className="empty-state" data-testid="empty-state">
      <h2>No runs yet</h2>
      <p>
        Log a first run and it appears here live. Try the demo — it trains a small sweep and logs it to this server:
      </p>
      <pre className="code">npx runlens demo</pre>
      <div className="empty-columns">
        <section>
          <h3>From Python</h3>
          <p>
            <code>clients/python/runlens.py</code> is one file, standard library only (copy it, or <code>pip install ./clients/python</code>):
          </p>
          <pre className="code">{PYTHON}</pre>
        </section>
        <section>
          <h3>From TypeScript</h3>
          <p>
            <code>npm install @runlens/client</code>:
          </p>
          <pre className="code">{TYPESCRIPT}</pre>
        </section>
      </div>
      <p className="muted">
        The clients send to <code>RUNLENS_URL</code> (this server: <code>{url}</code>). A script you cannot change can be wrapped:{' '}
        <code>npx runlens run -- python train.py</code>.
      </p>
    </div>
  );
}
