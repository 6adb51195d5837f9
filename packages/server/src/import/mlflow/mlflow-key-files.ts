/**
 * MLflow keeps one file per param, tag and metric (`params/<key>`, `tags/<key>`, `metrics/<key>`); a key with `/`
 * in it is a nested directory. These helpers list such a folder as keys.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface KeyFile {
  /** The key, with `/` between nested directory names. */
  key: string;
  path: string;
  size: number;
}

/** Deeper nesting than this is not a key any tool writes; the limit keeps a symlink loop from hanging the walk. */
const MAX_DEPTH = 32;

/** Every file under `dir` as a key, sorted by key; an absent folder has none. */
export async function listKeyFiles(dir: string): Promise<KeyFile[]> {
  const out: KeyFile[] = [];
  const walk = async (d: string, prefix: string, depth: number): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const path = join(d, e.name);
      const key = prefix === '' ? e.name : `${prefix}/${e.name}`;
      const info = e.isSymbolicLink() ? await stat(path).catch(() => undefined) : e;
      if (!info) continue;
      if (info.isDirectory()) {
        if (depth < MAX_DEPTH) await walk(path, key, depth + 1);
      } else if (info.isFile()) {
        out.push({ key, path, size: (await stat(path)).size });
      }
    }
  };
  await walk(dir, '', 0);
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The whole content of each file, by key (MLflow writes param and tag values without a trailing newline). A file
 * that cannot be read is reported and left out.
 */
export async function readKeyValues(files: readonly KeyFile[], warn: (message: string) => void): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of files) {
    try {
      out.set(f.key, await readFile(f.path, 'utf8'));
    } catch (e) {
      warn(`${f.path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)}); skipped`);
    }
  }
  return out;
}
