import { describe, expect, it } from 'vitest';
import { DEFAULT_THEME, PUBLICATION_THEME } from '../../themes/builtin-themes.js';
import { seriesStyle } from './series-style.js';

describe('seriesStyle', () => {
  it('default: distinct solid colours first, then the colours again with the next dash', () => {
    const n = DEFAULT_THEME.palette.length;
    expect(seriesStyle(DEFAULT_THEME, 0).dash).toEqual([]);
    expect(seriesStyle(DEFAULT_THEME, n - 1).dash).toEqual([]);
    expect(seriesStyle(DEFAULT_THEME, n).color).toBe(seriesStyle(DEFAULT_THEME, 0).color);
    expect(seriesStyle(DEFAULT_THEME, n).dash).not.toEqual([]);
  });

  it('publication: the second series already has a different dash (greyscale-safe)', () => {
    expect(seriesStyle(PUBLICATION_THEME, 1).dash).not.toEqual(seriesStyle(PUBLICATION_THEME, 0).dash);
    const styles = Array.from({ length: 24 }, (_, i) => JSON.stringify(seriesStyle(PUBLICATION_THEME, i)));
    expect(new Set(styles.slice(0, 20)).size).toBe(20);
  });
});
