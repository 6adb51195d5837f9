/**
 * The palettes' promises, measured: every built-in theme's palette stays distinct (CIEDE2000) for normal vision and
 * simulated protanopia, deuteranopia and tritanopia; colours stand out from the background; 20+ series keep unique
 * colour + dash pairs; the publication theme survives greyscale printing.
 */
import { describe, expect, it } from 'vitest';
import { seriesStyle } from '../plots/shared/series-style.js';
import { BUILTIN_THEMES, DEFAULT_THEME, PUBLICATION_THEME } from './builtin-themes.js';
import { lightness } from './colour-space.js';
import { checkPalette } from './palettes.js';

/** ΔE00 every pair of palette colours keeps, whatever the colour vision. */
const MIN_PAIR_CVD = 10;
/** ΔE00 every pair keeps for normal vision. */
const MIN_PAIR_NORMAL = 20;
/** ΔE00 every colour keeps from the background (thin lines must not vanish). */
const MIN_BACKGROUND = 25;

const themes = Object.values(BUILTIN_THEMES);

describe('built-in palettes', () => {
  it.each(themes.map((t) => [t.name, t] as const))('%s: every pair stays distinct for normal and colour-blind vision', (_name, theme) => {
    for (const check of checkPalette(theme.palette, theme.background)) {
      const min = check.vision === 'normal' ? MIN_PAIR_NORMAL : MIN_PAIR_CVD;
      expect(check.minPairDistance, `${check.vision}: ${check.closestPair.join(' vs ')}`).toBeGreaterThanOrEqual(min);
      expect(check.minBackgroundDistance, `${check.vision}: a colour too close to ${theme.background}`).toBeGreaterThanOrEqual(MIN_BACKGROUND);
    }
  });

  it('the check fails a palette that is not colour-blind safe (the previous default, with grey and yellow)', () => {
    const previous = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#000000', '#999999', '#882255'];
    const deut = checkPalette(previous, '#ffffff').find((c) => c.vision === 'deuteranopia')!;
    expect(deut.minPairDistance).toBeLessThan(MIN_PAIR_CVD);
    expect(deut.closestPair).toEqual(['#cc79a7', '#999999']);
    const trit = checkPalette(previous, '#ffffff').find((c) => c.vision === 'tritanopia')!;
    expect(trit.minBackgroundDistance).toBeLessThan(MIN_BACKGROUND); // yellow on white
    // and the matplotlib default, whose orange and green merge for protanopes
    const tab10 = checkPalette(['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728'], '#ffffff').find((c) => c.vision === 'protanopia')!;
    expect(tab10.minPairDistance).toBeLessThan(2);
  });

  it.each(themes.map((t) => [t.name, t] as const))('%s: 28+ series get unique colour + dash pairs', (_name, theme) => {
    const count = theme.palette.length * theme.dashes.length;
    expect(count).toBeGreaterThanOrEqual(28);
    const pairs = new Set<string>();
    for (let i = 0; i < count; i++) {
      const s = seriesStyle(theme, i);
      pairs.add(`${s.color}|${s.dash.join(',')}`);
    }
    expect(pairs.size).toBe(count);
    // dash patterns themselves are distinct
    expect(new Set(theme.dashes.map((d) => d.join(','))).size).toBe(theme.dashes.length);
  });

  it('publication: colours differ by 20+ in CIE lightness, so they survive greyscale printing; so do status colours', () => {
    const l = PUBLICATION_THEME.palette.map(lightness);
    for (let i = 0; i < l.length; i++) for (let j = i + 1; j < l.length; j++) expect(Math.abs(l[i]! - l[j]!), `${i} vs ${j}`).toBeGreaterThanOrEqual(20);
    const status = Object.values(PUBLICATION_THEME.status).map(lightness);
    for (let i = 0; i < status.length; i++) for (let j = i + 1; j < status.length; j++) expect(Math.abs(status[i]! - status[j]!)).toBeGreaterThanOrEqual(12);
    // palette and dash counts coprime: with dashes cycling alongside colours, pairs repeat only after 28 series
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    expect(gcd(PUBLICATION_THEME.palette.length, PUBLICATION_THEME.dashes.length)).toBe(1);
    expect(PUBLICATION_THEME.dashCycle).toBe('with-palette');
  });

  it('publication: serif, no grid, white background', () => {
    expect(PUBLICATION_THEME.fontFamily.startsWith('DejaVu Serif')).toBe(true);
    expect(PUBLICATION_THEME.showGrid).toBe(false);
    expect(PUBLICATION_THEME.background).toBe('#ffffff');
  });

  it.each(themes.map((t) => [t.name, t] as const))('%s: the sequential ramp changes lightness monotonically (readable in greyscale)', (_name, theme) => {
    const l = theme.sequential.map(lightness);
    const rising = l[l.length - 1]! > l[0]!;
    for (let i = 1; i < l.length; i++) expect(rising ? l[i]! > l[i - 1]! : l[i]! < l[i - 1]!).toBe(true);
  });

  it('the default theme keeps its shape', () => {
    expect(Object.keys(DEFAULT_THEME).sort()).toEqual(
      ['background', 'bandOpacity', 'dashes', 'diverging', 'fontFamily', 'fontSize', 'foreground', 'gridColor', 'lineWidth', 'muted', 'name', 'palette', 'pointRadius', 'sequential', 'showGrid', 'status', 'titleFontSize'].sort(),
    );
  });
});
