/** The git commit and dirty flag of the directory a run starts in, for reproducing it later. */
import { execFile } from 'node:child_process';

export interface GitInfo {
  gitCommit?: string;
  gitDirty?: boolean;
}

/**
 * `git rev-parse HEAD` and `git status --porcelain` in `cwd`, run without a shell and each cut off after
 * `timeoutMs` (a huge work tree must not hold the run up). Not a repository, no git, or too slow: `{}`.
 * `--no-optional-locks` keeps status from taking the index lock, which would make a git command run by the
 * wrapped command itself fail with "index.lock: File exists".
 */
export async function readGitInfo(cwd: string, timeoutMs = 3000): Promise<GitInfo> {
  const [head, status] = await Promise.all([git(['rev-parse', 'HEAD'], cwd, timeoutMs), git(['--no-optional-locks', 'status', '--porcelain'], cwd, timeoutMs)]);
  const commit = head?.trim();
  if (!commit || !/^[0-9a-f]{7,64}$/.test(commit)) return {};
  return status === undefined ? { gitCommit: commit } : { gitCommit: commit, gitDirty: status.trim() !== '' };
}

function git(args: string[], cwd: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    try {
      execFile('git', args, { cwd, timeout: timeoutMs, windowsHide: true, maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => resolve(err ? undefined : stdout));
    } catch {
      resolve(undefined);
    }
  });
}
