/** `runlens serve` reads the config file: flag > RUNLENS_* environment > config file > default. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT, api, runCli, serve, tempDir } from './helpers/cli.js';

function configFile(text: string): string {
  const d = mkdtempSync(join(tmpdir(), 'runlens-config-cli-'));
  writeFileSync(join(d, 'runlens.config.yaml'), text);
  return join(d, 'runlens.config.yaml');
}

describe.runIf(BUILT)('runlens serve with a config file', () => {
  it('takes the token from the file, the environment over the file, and a flag over both', async () => {
    const file = configFile('token: from-file\nhost: 127.0.0.1\n');
    const fromFile = await serve(tempDir(), ['--config', file]);
    try {
      expect((await api(fromFile.url, '/api/v1/projects')).status).toBe(401);
      expect((await api(fromFile.url, '/api/v1/projects', { token: 'from-file' })).status).toBe(200);
    } finally {
      await fromFile.stop();
    }

    const fromEnv = await serve(tempDir(), [], { RUNLENS_CONFIG: file, RUNLENS_TOKEN: 'from-env' });
    try {
      expect((await api(fromEnv.url, '/api/v1/projects', { token: 'from-file' })).status).toBe(403);
      expect((await api(fromEnv.url, '/api/v1/projects', { token: 'from-env' })).status).toBe(200);
    } finally {
      await fromEnv.stop();
    }

    const fromFlag = await serve(tempDir(), ['--token', 'from-flag'], { RUNLENS_CONFIG: file, RUNLENS_TOKEN: 'from-env' });
    try {
      expect((await api(fromFlag.url, '/api/v1/projects', { token: 'from-env' })).status).toBe(403);
      expect((await api(fromFlag.url, '/api/v1/projects', { token: 'from-flag' })).status).toBe(200);
    } finally {
      await fromFlag.stop();
    }
  });

  it('refuses to start on a bad config, naming the file and the key', () => {
    const file = configFile('port: "eighty"\n');
    const r = runCli(['serve', '--config', file, '--data', tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^runlens: .*runlens\.config\.yaml: port: expected number, received string/);
    const env = runCli(['serve', '--data', tempDir(), '--port', '0'], { env: { RUNLENS_CACHE__MEMORY: '5' } });
    expect(env.code).toBe(1);
    expect(env.stderr).toMatch(/environment RUNLENS_CACHE__MEMORY: no such config key \(one of RUNLENS_CACHE__MEMORY_MB/);
  });
});
