import { describe, expect, it } from 'vitest';
import { DARK_THEME, DEFAULT_THEME, PUBLICATION_THEME } from './builtin-themes.js';
import { resolveTheme, themeNames } from './resolve-theme.js';
import { ThemeSchema } from './theme.js';

describe('resolveTheme', () => {
  it('returns built-in themes by name, each a valid Theme', () => {
    expect(resolveTheme('default')).toBe(DEFAULT_THEME);
    expect(resolveTheme('dark')).toBe(DARK_THEME);
    expect(resolveTheme('publication')).toBe(PUBLICATION_THEME);
    for (const t of [DEFAULT_THEME, DARK_THEME, PUBLICATION_THEME]) expect(ThemeSchema.safeParse(t).success).toBe(true);
  });

  it('merges a user theme over the theme it extends, status key by key, and takes the user name', () => {
    const user = { poster: { extends: 'dark', fontSize: 16, palette: ['#ff0000', '#00ff00'], status: { failed: '#ff00ff' } } };
    const t = resolveTheme('poster', user);
    expect(t.name).toBe('poster');
    expect(t.fontSize).toBe(16);
    expect(t.palette).toEqual(['#ff0000', '#00ff00']);
    expect(t.background).toBe(DARK_THEME.background);
    expect(t.status).toEqual({ ...DARK_THEME.status, failed: '#ff00ff' });
    // the built-in stays untouched
    expect(DARK_THEME.fontSize).toBe(11);
    expect(DARK_THEME.status.failed).toBe('#d55e00');
  });

  it('extends `default` when no extends is given, and follows chains of user themes', () => {
    const user = { base: { showGrid: false }, big: { extends: 'base', titleFontSize: 30 } };
    const t = resolveTheme('big', user);
    expect(t.showGrid).toBe(false);
    expect(t.titleFontSize).toBe(30);
    expect(t.palette).toEqual(DEFAULT_THEME.palette);
  });

  it('names the theme and the bad key in errors', () => {
    expect(() => resolveTheme('x', { x: { fontSize: 'big' } })).toThrow(/theme "x": fontSize: .*number/);
    expect(() => resolveTheme('x', { x: { palette: ['#fff', 3] } })).toThrow(/theme "x": palette\.1:/);
    expect(() => resolveTheme('x', { x: { pallete: ['#fff'] } })).toThrow(/theme "x": .*pallete/);
    expect(() => resolveTheme('x', { x: { status: { runing: '#fff' } } })).toThrow(/theme "x": status: .*runing/);
    expect(() => resolveTheme('x', { x: { bandOpacity: 2 } })).toThrow(/theme "x": bandOpacity:/);
    expect(() => resolveTheme('x', { x: 'dark' })).toThrow(/theme "x": .*object/);
  });

  it('rejects unknown names and extends, cycles and redefined built-ins, listing the valid names', () => {
    expect(() => resolveTheme('solarized')).toThrow('unknown theme: solarized (one of default, dark, publication)');
    expect(() => resolveTheme('a', { a: { extends: 'nope' } })).toThrow('unknown theme: nope (extended by theme "a") (one of default, dark, publication, a)');
    expect(() => resolveTheme('a', { a: { extends: 'b' }, b: { extends: 'a' } })).toThrow('themes extend each other in a circle: a → b → a');
    expect(() => resolveTheme('a', { a: { extends: 'a' } })).toThrow(/circle: a → a/);
    expect(() => resolveTheme('dark', { dark: { fontSize: 20 } })).toThrow(/built in and cannot be redefined/);
    expect(() => resolveTheme('__proto__', {})).toThrow(/unknown theme: __proto__/);
    expect(() => resolveTheme('toString', {})).toThrow(/unknown theme: toString/);
  });

  it('lists built-in then user theme names; names with <script> or unicode are plain strings', () => {
    expect(themeNames({ 'mein-thème': {}, '<script>': {} })).toEqual(['default', 'dark', 'publication', 'mein-thème', '<script>']);
    expect(resolveTheme('mein-thème', { 'mein-thème': { extends: 'publication' } }).name).toBe('mein-thème');
  });
});
