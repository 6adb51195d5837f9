/** The browser builds of ECharts and Vega that exported HTML pages inline, read once from node_modules. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const cache = new Map<string, string>();

function read(path: string): string {
  let text = cache.get(path);
  if (text === undefined) {
    text = readFileSync(path, 'utf8');
    cache.set(path, text);
  }
  return text;
}

/** echarts/dist/echarts.min.js. */
export function echartsBrowserBuild(): string {
  return read(require.resolve('echarts/dist/echarts.min.js'));
}

/** vega/build/vega.min.js (the package exports only its module entry, which sits in the same folder). */
export function vegaBrowserBuild(): string {
  return read(join(dirname(require.resolve('vega')), 'vega.min.js'));
}
