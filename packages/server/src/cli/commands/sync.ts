/**
 * `runlens sync FILE...`: uploads offline JSONL files written by the clients (see packages/client/src/offline-format.ts)
 * to a server, or with --data into a data directory. Safe to repeat: runs carry client-made ids and a repeated
 * (run, key, step) replaces itself.
 */
import type { Command } from 'commander';
import { env } from '../options.js';
import type { SyncOptions } from './sync-action.js';

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('Upload offline JSONL files written by the clients to a server, or into a data directory (safe to repeat)')
    .argument('<files...>', 'offline files, e.g. .runlens/offline/*.jsonl')
    .option('--url <url>', 'server to upload to (RUNLENS_URL)', env.RUNLENS_URL ?? 'http://127.0.0.1:7878')
    .option('--data <dir>', 'write into this data directory instead of a server (no server may be running on it)')
    .option('--token <token>', 'bearer token (RUNLENS_TOKEN)', env.RUNLENS_TOKEN)
    .option('--json', 'print the report as JSON', false)
    // loaded on use: the store, the HTTP sink and @runlens/core stay out of `runlens sync --help`
    .action(async (files: string[], o: SyncOptions) => (await import('./sync-action.js')).syncAction(files, o));
}
