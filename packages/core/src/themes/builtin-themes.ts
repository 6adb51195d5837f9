/** The built-in themes. Palettes and their colour-blind checks: see palettes.ts. */
import type { Theme } from './theme.js';

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
  palette: ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#000000', '#999999', '#882255'],
  dashes: [[], [6, 3], [2, 2], [8, 3, 2, 3]],
  sequential: ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'],
  diverging: ['#2166ac', '#92c5de', '#f7f7f7', '#f4a582', '#b2182b'],
  status: { running: '#0072b2', completed: '#009e73', failed: '#d55e00', killed: '#999999', crashed: '#cc79a7' },
  lineWidth: 1.5,
  pointRadius: 3,
  bandOpacity: 0.2,
};
