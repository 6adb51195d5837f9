/**
 * `RUNLENS_*` environment overrides of config keys: `RUNLENS_PORT=9000` sets `port`, and nested keys join their parts
 * with `__`: `RUNLENS_CACHE__MEMORY_MB=512` sets `cache.memoryMb`. Values are typed by the key (numbers parsed,
 * lists comma-separated); an empty variable counts as unset.
 *
 * The RUNLENS_ prefix is shared with the logging clients (RUNLENS_URL, RUNLENS_PROJECT, …), so other top-level
 * names are left alone; but a `__` name is always meant for the config, and an unknown one is an error rather than
 * a silently ignored typo.
 */
import { RunlensError } from '@runlens/core';
import { RunlensConfigSchema } from './config-schema.js';

type EnvKind = 'string' | 'number' | 'list';

/** Config keys the environment may set, with how a value is read. */
export const ENV_SETTABLE_KEYS: Readonly<Record<string, EnvKind>> = {
  data: 'string',
  host: 'string',
  port: 'number',
  token: 'string',
  theme: 'string',
  plugins: 'list',
  'cache.memoryMb': 'number',
  'cache.diskMb': 'number',
  'cache.dir': 'string',
  'plot.width': 'number',
  'plot.height': 'number',
  'plot.renderer': 'string',
};

const PREFIX = 'RUNLENS_';

/** `cache.memoryMb` → `RUNLENS_CACHE__MEMORY_MB`. */
export function envNameOf(key: string): string {
  return PREFIX + key.split('.').map((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('__');
}

const BY_ENV_NAME = new Map(Object.keys(ENV_SETTABLE_KEYS).map((k) => [envNameOf(k), k]));
const SECTIONS = new Set(Object.keys(ENV_SETTABLE_KEYS).filter((k) => k.includes('.')).map((k) => k.split('.')[0]!));
const TOP_LEVEL_KEYS = new Set(Object.keys(RunlensConfigSchema.shape));

export interface EnvOverrides {
  /** Nested values to lay over the file's (`{cache: {memoryMb: 512}}`). */
  values: Record<string, unknown>;
  /** Dot key → the variable that set it, so errors can name the variable. */
  setBy: Map<string, string>;
}

/** Reads the overrides from `env`; throws VALIDATION naming the variable for an unknown `__` name or a bad value. */
export function readEnvOverrides(env: Readonly<Record<string, string | undefined>>): EnvOverrides {
  const values: Record<string, unknown> = {};
  const setBy = new Map<string, string>();
  for (const [name, raw] of Object.entries(env).sort(([a], [b]) => a.localeCompare(b))) {
    if (!name.startsWith(PREFIX) || raw === undefined || raw === '') continue;
    const key = BY_ENV_NAME.get(name);
    if (key === undefined) {
      checkUnknown(name);
      continue;
    }
    const value = parseValue(name, raw, ENV_SETTABLE_KEYS[key]!);
    const parts = key.split('.');
    let target = values;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[parts[parts.length - 1]!] = value;
    setBy.set(key, name);
  }
  return { values, setBy };
}

function checkUnknown(name: string): void {
  const rest = name.slice(PREFIX.length);
  const valid = [...BY_ENV_NAME.keys()];
  if (rest.includes('__')) {
    const section = rest.split('__')[0]!.toLowerCase();
    const sectionNames = valid.filter((v) => v.startsWith(`${PREFIX}${rest.split('__')[0]}__`));
    const hint = SECTIONS.has(section) ? `one of ${sectionNames.join(', ')}` : `config sections settable this way: ${[...SECTIONS].join(', ')}`;
    throw new RunlensError('VALIDATION', `environment ${name}: no such config key (${hint})`);
  }
  const key = rest.toLowerCase();
  if (TOP_LEVEL_KEYS.has(key)) {
    throw new RunlensError('VALIDATION', `environment ${name}: "${key}" cannot be set from the environment; set it in the config file`);
  }
}

function parseValue(name: string, raw: string, kind: EnvKind): unknown {
  if (kind === 'number') {
    const n = Number(raw.trim());
    if (raw.trim() === '' || !Number.isFinite(n)) throw new RunlensError('VALIDATION', `environment ${name}: expected a number, got ${JSON.stringify(raw)}`);
    return n;
  }
  if (kind === 'list') return raw.split(',').map((s) => s.trim()).filter(Boolean);
  return raw;
}
