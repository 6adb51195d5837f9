/**
 * `runlens demo`: the first thing a new user runs. Starts a server on the embedded store, trains a real sweep of
 * small character-level language models (learning rate × 3 seeds, one rate high enough to diverge to NaN) in
 * worker threads that log through @runlens/client, prints what happened, and keeps serving the dashboard.
 */
import type { Command } from 'commander';
import { defaultDataDir, defaultPort, parsePort, parsePositiveInt } from '../options.js';
import type { DemoOptions } from './demo-action.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Train a real sweep of small language models, log them, and serve the dashboard')
    .option('--data <dir>', 'data directory (RUNLENS_DATA)', defaultDataDir())
    .option('--port <n>', 'port; falls back to a free one if busy (RUNLENS_PORT)', parsePort, defaultPort())
    .option('--project <name>', 'project to log the sweep into', 'charlm-demo')
    .option('--quick', 'a short sweep (a few seconds), for tests and CI', false)
    .option('--workers <n>', 'runs trained at once (default: cores, at most 4)', parsePositiveInt('workers'))
    .option('--no-serve', 'exit when training is done instead of serving')
    // loaded on use: the server and the training workers stay out of `runlens demo --help`
    .action(async (o: DemoOptions) => (await import('./demo-action.js')).demoAction(o));
}
