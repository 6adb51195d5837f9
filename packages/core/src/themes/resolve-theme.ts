/**
 * Theme lookup: a built-in theme by name, or a user theme (from config) that extends one — built-in or another
 * user theme — and overrides some of its keys. The result is validated whole, so a renderer always gets a complete
 * theme, and a mistake is reported with the theme and the key: `theme "poster": palette.2: expected string`.
 */
import { z } from 'zod';
import { RunlensError } from '../errors.js';
import { BUILTIN_THEMES } from './builtin-themes.js';
import { ThemeSchema, type Theme } from './theme.js';

/** Name of the theme used when none is asked for. */
export const DEFAULT_THEME_NAME = 'default';

/**
 * A user theme: any theme keys (all optional; `status` merged key by key) plus `extends`, the theme it starts from
 * (default `default`). Unknown keys are errors, so a typo does not pass silently.
 *
 * @example `{ extends: 'dark', palette: ['#ff7f0e', '#1f77b4'], showGrid: false }`
 */
export const UserThemeSchema = z.strictObject({
  ...ThemeSchema.omit({ name: true, status: true }).partial().shape,
  extends: z.string().min(1).max(64).optional(),
  status: z.strictObject(ThemeSchema.shape.status.partial().shape).optional(),
});
export type UserTheme = z.infer<typeof UserThemeSchema>;

/** `a.b.0` from a zod issue path; empty for the root. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

function issueMessage(issue: z.core.$ZodIssue): string {
  const where = formatIssuePath(issue.path);
  return where ? `${where}: ${issue.message}` : issue.message;
}

/** Names of every theme that can be asked for: built-ins first, then user themes in their order. */
export function themeNames(userThemes: Readonly<Record<string, unknown>> = {}): string[] {
  return [...Object.keys(BUILTIN_THEMES), ...Object.keys(userThemes).filter((n) => !(n in BUILTIN_THEMES))];
}

/**
 * The complete theme called `name`. User themes may not reuse a built-in name (extend it instead). Throws
 * VALIDATION for an unknown name (listing the valid ones), a bad key, an unknown `extends` or a cycle of extends.
 */
export function resolveTheme(name: string, userThemes: Readonly<Record<string, unknown>> = {}): Theme {
  return resolveChain(name, userThemes, []);
}

function resolveChain(name: string, userThemes: Readonly<Record<string, unknown>>, chain: string[]): Theme {
  const builtin = Object.hasOwn(BUILTIN_THEMES, name) ? BUILTIN_THEMES[name] : undefined;
  if (Object.hasOwn(userThemes, name) && builtin) {
    throw new RunlensError('VALIDATION', `theme "${name}" is built in and cannot be redefined: give your theme another name and set "extends: ${name}"`);
  }
  if (builtin) return builtin;
  if (!Object.hasOwn(userThemes, name)) {
    const valid = themeNames(userThemes).join(', ');
    const from = chain.length ? ` (extended by theme "${chain[chain.length - 1]}")` : '';
    throw new RunlensError('VALIDATION', `unknown theme: ${name}${from} (one of ${valid})`);
  }
  if (chain.includes(name)) {
    throw new RunlensError('VALIDATION', `themes extend each other in a circle: ${[...chain, name].join(' → ')}`);
  }
  const parsed = UserThemeSchema.safeParse(userThemes[name]);
  if (!parsed.success) throw new RunlensError('VALIDATION', `theme "${name}": ${issueMessage(parsed.error.issues[0]!)}`);
  const { extends: parentName, status, ...overrides } = parsed.data;
  const parent = resolveChain(parentName ?? DEFAULT_THEME_NAME, userThemes, [...chain, name]);
  const merged = {
    ...parent,
    ...withoutUndefined(overrides),
    name,
    status: { ...parent.status, ...withoutUndefined(status ?? {}) },
  };
  // overrides were checked key by key already; this catches combinations the parts cannot (none today) and keeps
  // the promise that what leaves here is a valid Theme
  const whole = ThemeSchema.safeParse(merged);
  if (!whole.success) throw new RunlensError('VALIDATION', `theme "${name}": ${issueMessage(whole.error.issues[0]!)}`);
  return whole.data;
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
