/**
 * Golden SVG files for plots (the Observable Plot habit): a rendered SVG is normalised — numbers in attributes
 * rounded to 2 decimals, ids and ECharts' instance-numbered class names renumbered in order of appearance — and
 * compared with test/plots/output/<name>.svg.
 *
 * - Match: passes (and removes a stale <name>-changed.svg).
 * - Mismatch: writes <name>-changed.svg beside the golden and fails; look at both (the PNGs help), then accept the
 *   change with `UPDATE_GOLDEN=1 npx vitest run test/plots`.
 * - No golden yet: fails, unless UPDATE_GOLDEN=1, which writes it.
 *
 * Every call also rasterises the SVG with resvg and the bundled DejaVu fonts (no system fonts) into
 * $RUNLENS_GOLDEN_PNG_DIR (default <tmp>/runlens-golden-png/<name>.png), so a changed figure can be looked at.
 *
 * @example
 * const svg = await echartsRenderer.renderSvg!(spec);
 * await expectGoldenSvg('echarts-curves-basic', svg);
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const require = createRequire(join(dirname(fileURLToPath(import.meta.url)), '../../packages/server/package.json'));

export const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'output');
export const GOLDEN_PNG_DIR = process.env.RUNLENS_GOLDEN_PNG_DIR ?? join(tmpdir(), 'runlens-golden-png');

const NAME = /^[a-z0-9][a-z0-9-]*$/;
// a decimal number standing alone or right after an SVG path command (`M53.3`), never part of a word, a hex colour
// (`#e6e8eb`) or a host name (`w3.org`)
const FLOAT = /(?<=^|[\s,(:;=]|(?:^|[^A-Za-z#])[MLHVCSQTAZmlhvcsqtaz])-?(?:\d+\.\d*|\.\d+)(?:e[-+]?\d+)?(?![\d.])/g;

function roundNumber(text: string): string {
  const v = Number(text);
  if (!Number.isFinite(v)) return text;
  const r = Math.round(v * 100) / 100;
  return String(Object.is(r, -0) ? 0 : r);
}

/**
 * The comparable form of an SVG: numbers inside attribute values rounded to 2 decimals (text content is left
 * alone: tick labels are what the reader sees), `id`s renumbered with their `url(#…)` / `href="#…"` references,
 * ECharts' per-instance `zrN-` prefixes dropped, line endings unified.
 */
export function normalizeSvg(svg: string): string {
  let out = svg.replace(/\r\n?/g, '\n').replace(/\bzr\d+-/g, 'zr-');
  out = out.replace(/(\s[\w:-]+=")([^"]*)"/g, (_m, head: string, value: string) => `${head}${value.replace(FLOAT, roundNumber)}"`);
  const ids = new Map<string, string>();
  for (const m of out.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(m[1]!)) ids.set(m[1]!, `id${ids.size}`);
  if (ids.size > 0) {
    out = out.replace(/(\sid=")([^"]+)"/g, (_m, head: string, id: string) => `${head}${ids.get(id) ?? id}"`);
    out = out.replace(/#([\w.:-]+)/g, (m, id: string) => (ids.has(id) ? `#${ids.get(id)!}` : m));
  }
  return out.endsWith('\n') ? out : `${out}\n`;
}

let fontFiles: string[] | undefined;

/** DejaVu Sans and Serif (regular and bold), the fonts themes name first. */
function dejavuFonts(): string[] {
  fontFiles ??= ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSerif.ttf', 'DejaVuSerif-Bold.ttf', 'DejaVuSansMono.ttf'].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));
  return fontFiles;
}

/** The SVG as PNG at 1.5× (resvg, DejaVu only), also written to `<dir>/<name>.png`. */
export function renderGoldenPng(name: string, svg: string, dir = GOLDEN_PNG_DIR): { png: Buffer; width: number; height: number; path: string } {
  const resvg = new Resvg(svg, { font: { fontFiles: dejavuFonts(), loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'zoom', value: 1.5 } });
  const image = resvg.render();
  const png = image.asPng();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  writeFileSync(path, png);
  return { png, width: image.width, height: image.height, path };
}

export interface GoldenOptions {
  /** Where the golden files are (default test/plots/output). */
  dir?: string;
  /** Where the PNGs go (default GOLDEN_PNG_DIR). */
  pngDir?: string;
}

/** Compares `svg` with the golden file `<name>.svg` (see the module comment); throws with what to do on mismatch. */
export async function expectGoldenSvg(name: string, svg: string, options: GoldenOptions = {}): Promise<void> {
  if (!NAME.test(name)) throw new Error(`golden name must be kebab-case: ${name}`);
  const dir = options.dir ?? GOLDEN_DIR;
  const actual = normalizeSvg(svg);
  const pngPath = renderGoldenPng(name, actual, options.pngDir).path;
  const goldenPath = join(dir, `${name}.svg`);
  const changedPath = join(dir, `${name}-changed.svg`);
  const update = process.env.UPDATE_GOLDEN === '1';
  if (!existsSync(goldenPath)) {
    if (!update) throw new Error(`no golden file ${goldenPath}; run with UPDATE_GOLDEN=1 to write it, then look at ${pngPath}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(goldenPath, actual);
    return;
  }
  const expected = readFileSync(goldenPath, 'utf8');
  if (expected === actual) {
    rmSync(changedPath, { force: true });
    return;
  }
  if (update) {
    writeFileSync(goldenPath, actual);
    rmSync(changedPath, { force: true });
    return;
  }
  writeFileSync(changedPath, actual);
  const a = expected.split('\n');
  const b = actual.split('\n');
  let line = 0;
  while (line < a.length && a[line] === b[line]) line++;
  throw new Error(
    `${name}.svg differs from its golden file (first at line ${line + 1}): see ${changedPath} and ${pngPath}; ` +
      'accept with UPDATE_GOLDEN=1\n' +
      `- ${(a[line] ?? '').slice(0, 300)}\n+ ${(b[line] ?? '').slice(0, 300)}`,
  );
}
