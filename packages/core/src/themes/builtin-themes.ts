/** The built-in themes: `default`, `dark` and `publication`. Palettes and their colour-blind checks: see palettes.ts. */
import { DARK_BACKGROUND_PALETTE, GREYSCALE_SAFE_PALETTE, LIGHT_BACKGROUND_PALETTE, LINE_DASHES, PUBLICATION_DASHES } from './palettes.js';
import type { Theme } from './theme.js';

const copyDashes = (d: readonly (readonly number[])[]): number[][] => d.map((x) => [...x]);

export const DEFAULT_THEME: Theme = {
  name: 'default',
  background: '#ffffff',
  foreground: '#1f2328',
  muted: '#59636e',
  gridColor: '#e6e8eb',
  showGrid: true,
  fontFamily: 'DejaVu Sans, Helvetica, Arial, sans-serif',
  fontSize: 11,
  titleFontSize: 14,
  palette: [...LIGHT_BACKGROUND_PALETTE],
  dashes: copyDashes(LINE_DASHES),
  sequential: ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'],
  diverging: ['#2166ac', '#92c5de', '#f7f7f7', '#f4a582', '#b2182b'],
  status: { running: '#0072b2', completed: '#009e73', failed: '#d55e00', killed: '#999999', crashed: '#cc79a7' },
  lineWidth: 1.5,
  pointRadius: 3,
  bandOpacity: 0.2,
};

/** Dark background for the dashboard at night; palette chosen for contrast with #161b22. */
export const DARK_THEME: Theme = {
  name: 'dark',
  background: '#161b22',
  foreground: '#e6edf3',
  muted: '#9198a1',
  gridColor: '#2d333b',
  showGrid: true,
  fontFamily: 'DejaVu Sans, Helvetica, Arial, sans-serif',
  fontSize: 11,
  titleFontSize: 14,
  palette: [...DARK_BACKGROUND_PALETTE],
  dashes: copyDashes(LINE_DASHES),
  // viridis: lightness rises monotonically, so low values sink into the dark background
  sequential: ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'],
  // strong values are the bright ends; zero fades into the background
  diverging: ['#92c5de', '#4393c3', '#30363d', '#d6604d', '#f4a582'],
  status: { running: '#56b4e9', completed: '#009e73', failed: '#d55e00', killed: '#9198a1', crashed: '#cc79a7' },
  lineWidth: 1.5,
  pointRadius: 3,
  bandOpacity: 0.25,
};

/**
 * Figures for papers: white background, serif text (DejaVu Serif, bundled with the PDF exporter), no grid, and a
 * palette that stays apart in greyscale with dashes that change from the first series on (`dashCycle`).
 */
export const PUBLICATION_THEME: Theme = {
  name: 'publication',
  background: '#ffffff',
  foreground: '#000000',
  muted: '#333333',
  gridColor: '#dddddd',
  showGrid: false,
  fontFamily: 'DejaVu Serif, Times New Roman, serif',
  fontSize: 10,
  titleFontSize: 12,
  palette: [...GREYSCALE_SAFE_PALETTE],
  dashes: copyDashes(PUBLICATION_DASHES),
  dashCycle: 'with-palette',
  sequential: ['#f7f7f7', '#cccccc', '#969696', '#636363', '#252525'],
  diverging: ['#2166ac', '#92c5de', '#f7f7f7', '#f4a582', '#b2182b'],
  // lightness 0, 32, 46, 61, 76: the statuses differ in greyscale too
  status: { running: '#0072b2', completed: '#000000', failed: '#882255', killed: '#bbbbbb', crashed: '#cc79a7' },
  lineWidth: 1.25,
  pointRadius: 2.5,
  bandOpacity: 0.18,
};

/** Built-in themes by name. */
export const BUILTIN_THEMES: Readonly<Record<string, Theme>> = {
  default: DEFAULT_THEME,
  dark: DARK_THEME,
  publication: PUBLICATION_THEME,
};
