/**
 * PyTorch Lightning's TensorBoardLogger writes the run's hyperparameters to `hparams.yaml` beside the event file,
 * with their real types and nesting (the event file's hparams plugin data has them flattened, with booleans as
 * numbers and None as the string "None"). PyYAML tags such as `!!python/tuple` are read as the plain collection.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { flattenParams, type Params } from '@runlens/core';

export const HPARAMS_FILE = 'hparams.yaml';

/**
 * The flattened params in `dir/hparams.yaml`; undefined when there is no such file. A file that is not a YAML
 * mapping is reported through `warn` and ignored.
 */
export async function readHparamsYaml(dir: string, warn: (message: string) => void): Promise<Params | undefined> {
  const path = join(dir, HPARAMS_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  // Unknown tags (python/tuple, python/object...) only produce warnings; the untagged value is what we want.
  const doc = parseDocument(text, { logLevel: 'silent', uniqueKeys: false });
  if (doc.errors.length > 0) {
    warn(`${path}: not valid YAML (${doc.errors[0]!.message.split('\n')[0]}); ignored`);
    return undefined;
  }
  const value: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    warn(`${path}: expected a mapping of hyperparameters; ignored`);
    return undefined;
  }
  return flattenParams(value);
}
