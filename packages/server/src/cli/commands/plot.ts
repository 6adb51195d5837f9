/**
 * `runlens plot <type>`: render a plot of the selected runs to a file (svg, png, pdf, html, csv, json or the spec),
 * or to several formats at once. Common flags map to the plot type's options when it has them; `--opt key=value`
 * sets any option.
 */

import type { Command } from 'commander';
import { DEFAULT_PLOT_MAX_RUNS } from '../../plots/plot-request.js';
import { addConfigOption, addRunSourceOptions, parsePositiveInt } from '../options.js';
import type { PlotFlags } from './plot-action.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

const HELP = `
Examples:
  $ runlens plot curves -p demo -m val/loss --group-by params.lr --out loss.pdf
  $ runlens plot curves -m '/loss$/' --x relative --smooth ema:0.6 --theme publication --out fig.png --dpi 300
  $ runlens plot curves -m train/loss -f 'params.lr < 1 and status == "completed"' --renderer vega-lite --out fig.svg
  $ runlens plot compare -m val/loss --group-by params.lr --opt kind=box --out compare.html
  $ runlens plot curves -m val/loss --out figs/loss --format svg,png,pdf   (writes figs/loss.svg, .png, .pdf)
  $ runlens plot curves -m loss --format spec --out -                       (the PlotSpec JSON on stdout)

The format comes from --out's extension: .svg .png .pdf .html .csv .json (plotted data) .spec.json (PlotSpec).
Plot types, their options and the renderers: GET /api/v1/plots/types, and docs/plots.md.`;

export function registerPlot(program: Command): void {
  addConfigOption(addRunSourceOptions(program.command('plot')
    .description('Render a plot of runs to svg, png, pdf, html, csv, json (plotted data) or its spec')
    .argument('<type>', 'plot type: curves, compare, distribution, correlation, parallel, importance, hpo, roc, pr, confusion, histograms, timeline, …')))
    .option('-p, --project <name>', 'only runs of this project (repeatable)', collect)
    .option('--group <name>', 'only runs of this group (repeatable)', collect)
    .option('--status <list>', 'only runs with these statuses, comma-separated, e.g. completed,failed')
    .option('-f, --filter <expr>', 'filter, e.g. \'params.lr < 5 and tags contains "baseline"\'')
    .option('--runs <ids>', 'only these runs: comma-separated ids')
    .option('--max-runs <n>', `most runs to plot (default ${DEFAULT_PLOT_MAX_RUNS}; more: a warning)`, parsePositiveInt('max-runs'))
    .option('-m, --metrics <list>', 'metric keys or /regex/ patterns, comma-separated (repeatable): option "metrics"', collect)
    .option('--x <axis>', 'x axis: step | time | relative | epoch | <metric key>: option "x"')
    .option('-g, --group-by <field>', 'one mean line and band per group | project | params.<key>: option "groupBy"')
    .option('--smooth <pipeline>', 'smoothing pipeline, e.g. ema:0.6, time-ema:0.6, gaussian:2, impute:linear,ema:0.9: option "smooth"')
    .option('--opt <key=value>', 'any plot option; value parsed as JSON when it is (repeatable), e.g. --opt band=ci --opt logY=true', collect)
    .option('--theme <name>', 'default | dark | publication | a user theme (config "theme")')
    .option('--renderer <name>', 'echarts | vega-lite | … (config "plot.renderer"; default echarts)')
    .option('--width <px>', 'figure width (config "plot.width"; default 800)', parsePositiveInt('width'))
    .option('--height <px>', 'figure height (config "plot.height"; default 500)', parsePositiveInt('height'))
    .option('--title <text>', 'figure title')
    .option('--dpi <n>', 'PNG resolution (default 144: 1.5 px per SVG px)')
    .option('-o, --out <file>', 'output file; its extension picks the format; - for stdout (with --format)')
    .option('--format <list>', 'format(s) instead of the extension, comma-separated: several write <out>.<ext> each')
    .option('--json', 'print a JSON summary: files (file, format, bytes, ms), runs, warnings, timing', false)
    .addHelpText('after', HELP)
    // loaded on use: the renderers, exporters and the store stay out of `runlens plot --help`
    .action(async (type: string, flags: PlotFlags) => (await import('./plot-action.js')).plotAction(type, flags));
}
