/**
 * `runlens serve` re-reads its config on SIGHUP: it names the keys that changed (what it publishes as
 * `config.changed` on the app's bus), and keeps the current config when the new file is invalid, naming file and key.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT, serve, tempDir, type ServeProcess } from './helpers/cli.js';

let server: ServeProcess | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** Resolves with the first line of `stream` matching `pattern` (from now on); rejects if the server exits first. */
function nextLine(s: ServeProcess, stream: Readable, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onExit = (code: number | null, signal: string | null) => reject(new Error(`runlens serve exited (${code ?? signal}) before printing ${pattern}: ${buffered}`));
    const onData = (d: Buffer) => {
      buffered += d.toString();
      const line = buffered.split('\n').find((l) => pattern.test(l));
      if (line !== undefined) {
        stream.off('data', onData);
        s.child.off('exit', onExit);
        resolve(line);
      }
    };
    stream.on('data', onData);
    s.child.once('exit', onExit);
  });
}

describe.runIf(BUILT && process.platform !== 'win32')('runlens serve: config reload on SIGHUP', () => {
  it('reports the changed keys, and keeps the config when the new file is invalid', async () => {
    const d = tempDir('runlens-config-reload-');
    const file = join(d, 'runlens.config.yaml');
    writeFileSync(file, 'cache: { memoryMb: 32 }\ntheme: default\n');
    server = await serve(join(d, 'data'), [], { RUNLENS_CONFIG: file });
    const { child } = server;
    expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);

    let line = nextLine(server, child.stdout!, /^config reloaded/);
    child.kill('SIGHUP');
    expect(await line).toBe('config reloaded: nothing changed');

    writeFileSync(file, 'cache: { memoryMb: 64 }\ntheme: poster\nthemes:\n  poster: { extends: dark, fontSize: 14 }\n');
    line = nextLine(server, child.stdout!, /^config reloaded/);
    child.kill('SIGHUP');
    expect(await line).toBe('config reloaded: cache.memoryMb, theme, themes.poster changed');

    writeFileSync(file, 'cache: { memoryMb: lots }\n');
    line = nextLine(server, child.stderr!, /config not reloaded/);
    child.kill('SIGHUP');
    expect(await line).toMatch(/^runlens: config not reloaded, keeping the current one: .*runlens\.config\.yaml: cache\.memoryMb: expected number, received string$/);

    // still serving, and a fixed file is picked up again, compared with the config kept
    writeFileSync(file, 'cache: { memoryMb: 64 }\ntheme: poster\nthemes:\n  poster: { extends: dark, fontSize: 16 }\n');
    line = nextLine(server, child.stdout!, /^config reloaded/);
    child.kill('SIGHUP');
    expect(await line).toBe('config reloaded: themes.poster changed');
    const health = await fetch(`${server.url}/api/v1/health`);
    expect(health.status).toBe(200);
  });

  it('handles a SIGHUP sent as soon as the URL is printed (the handler is installed before it)', async () => {
    const d = tempDir('runlens-config-reload-');
    const file = join(d, 'runlens.config.yaml');
    writeFileSync(file, 'theme: default\n');
    server = await serve(join(d, 'data'), [], { RUNLENS_CONFIG: file });
    const line = nextLine(server, server.child.stdout!, /^config reloaded/);
    server.child.kill('SIGHUP');
    expect(await line).toBe('config reloaded: nothing changed');
    expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
  });
});
