import { describe, expect, it } from 'vitest';
import { markdownTable, markdownText } from './markdown.js';

describe('markdownText', () => {
  it('keeps hostile run names as one line of literal text in a table cell', () => {
    expect(markdownText('a|b\n<script>*x*_y_ [l](u) `c` \\')).toBe('a\\|b \\<script\\>\\*x\\*\\_y\\_ \\[l\\](u) \\`c\\` \\\\');
    expect(markdownText('lr=0.1\r\nseed=2\rω')).toBe('lr=0.1 seed=2 ω');
  });
});

describe('markdownTable', () => {
  it('writes a header, a separator and one line per row', () => {
    expect(markdownTable(['group', 'n'], [['lr=1', '3'], [markdownText('a|b'), '2']])).toEqual(['| group | n |', '| --- | --- |', '| lr=1 | 3 |', '| a\\|b | 2 |']);
  });
});
