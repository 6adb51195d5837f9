import { describe, expect, it } from 'vitest';
import type { PlotSpec } from '../plots/plot-spec.js';
import { specOf as specOfPanels } from './plot-spec.fixture.js';
import { DARK_THEME, DEFAULT_THEME, PUBLICATION_THEME } from '../themes/builtin-themes.js';
import { checkStyleValues } from './check-style-values.js';


const specOf = (extra: Partial<PlotSpec> = {}): PlotSpec =>
  specOfPanels([{ x: { scale: 'linear' }, y: { scale: 'linear' }, marks: [{ type: 'line', color: 'rgba(0, 0, 0, 0.5)', x: [0], y: [0] }] }], extra);

describe('checkStyleValues', () => {
  it('accepts the built-in themes and CSS colour syntax', () => {
    for (const theme of [DEFAULT_THEME, DARK_THEME, PUBLICATION_THEME]) expect(() => checkStyleValues(specOf({ theme }))).not.toThrow();
    expect(() => checkStyleValues(specOf({ theme: { ...DEFAULT_THEME, background: 'transparent', fontFamily: "'Noto Sans CJK SC', 思源黑体, sans-serif" } }))).not.toThrow();
  });

  it('refuses a font family that could leave its attribute', () => {
    expect(() => checkStyleValues(specOf({ theme: { ...DEFAULT_THEME, fontFamily: 'Evil" onload="x' } }))).toThrow(
      'invalid font family in theme "default": "Evil\\" onload=\\"x" (font names separated by commas; letters, digits, spaces, \' . _ - only)',
    );
  });

  it('refuses a colour that is not a colour, naming where it is', () => {
    const spec = specOf();
    spec.panels[0]!.marks[0]!.color = 'red;"><script>';
    expect(() => checkStyleValues(spec)).toThrow(/^invalid colour at panels\[0\]\.marks\[0\]\.color: "red;\\"><script>"/);
    expect(() => checkStyleValues(specOf({ theme: { ...DEFAULT_THEME, palette: ['#000', 'url(x)'] } }))).toThrow('invalid colour at theme.palette[1]');
  });
});
