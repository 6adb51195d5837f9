import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEventFiles, globToRegExp, hasGlobSyntax } from './find-event-files.js';

describe('globToRegExp', () => {
  it.each([
    ['*', 'run1', true],
    ['*', 'a/run1', false],
    ['run?', 'run1', true],
    ['run?', 'run12', false],
    ['**/events.*', 'events.out', true],
    ['**/events.*', 'a/b/c/events.out', true],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**/b', 'ab', false],
    ['**', 'anything/at/all', true],
    ['v1.0/*', 'v1.0/x', true],
    ['v1.0/*', 'v1x0/x', false],
    ['(x)+[y]', '(x)+[y]', true],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(globToRegExp(pattern).test(path)).toBe(expected);
  });

  it('knows glob syntax from a plain path', () => {
    expect(hasGlobSyntax('logs/**/v*')).toBe(true);
    expect(hasGlobSyntax('logs/version_0')).toBe(false);
  });
});

describe('findEventFiles', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'runlens-find-'));
    for (const dir of ['a/train', 'a/eval', 'b', 'c/empty']) await mkdir(join(root, dir), { recursive: true });
    await writeFile(join(root, 'a/train/events.out.tfevents.2.h.1.0'), 'x');
    await writeFile(join(root, 'a/train/events.out.tfevents.1.h.1.0'), 'xy');
    await writeFile(join(root, 'a/eval/events.out.tfevents.1.h.1.0'), '');
    await writeFile(join(root, 'b/events.out.tfevents.1.h.2.0'), 'xyz');
    await writeFile(join(root, 'b/hparams.yaml'), 'lr: 1');
    await writeFile(join(root, 'c/empty/notes.txt'), 'no');
    // a link back up the tree must not loop forever
    await symlink(root, join(root, 'c/loop'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('walks a directory recursively, files sorted, sizes known, link cycles cut', async () => {
    const set = await findEventFiles(root);
    expect(set.root).toBe(root);
    expect(set.files).toEqual([
      { path: join(root, 'a/eval/events.out.tfevents.1.h.1.0'), size: 0 },
      { path: join(root, 'a/train/events.out.tfevents.1.h.1.0'), size: 2 },
      { path: join(root, 'a/train/events.out.tfevents.2.h.1.0'), size: 1 },
      { path: join(root, 'b/events.out.tfevents.1.h.2.0'), size: 3 },
    ]);
  });

  it('a pattern may name directories (all event files beneath) or files', async () => {
    const dirs = await findEventFiles(`${root}/a/*`);
    expect(dirs.root).toBe(join(root, 'a'));
    expect(dirs.files.map((f) => f.path)).toHaveLength(3);
    const files = await findEventFiles(`${root}/**/*.2.0`);
    expect(files.files.map((f) => f.path)).toEqual([join(root, 'b/events.out.tfevents.1.h.2.0')]);
  });
});
