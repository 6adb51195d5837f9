/**
 * Saved dashboards (workspaces): a grid of panels, each a registered plot type with its options and a place in the
 * grid, plus the widget state every panel shares (metric pattern, smoothing, x axis, log axes, grouping, band,
 * outliers) and the runs it shows. Stored as JSON by the server; `version` lets a later format migrate old ones.
 */
import { z } from 'zod';

export const DASHBOARD_SPEC_VERSION = 1;
/** Grid columns of a dashboard. */
export const DASHBOARD_COLUMNS = 12;
export const MAX_DASHBOARD_PANELS = 100;

export const DashboardLayoutSchema = z.object({
  x: z.number().int().min(0).max(DASHBOARD_COLUMNS - 1),
  y: z.number().int().min(0).max(10_000),
  w: z.number().int().min(1).max(DASHBOARD_COLUMNS),
  h: z.number().int().min(1).max(100),
});
export type DashboardLayout = z.infer<typeof DashboardLayoutSchema>;

export const DashboardPanelSchema = z.object({
  /** Unique within the dashboard. */
  id: z.string().min(1).max(64),
  /** A registered plot type (GET /api/v1/plots/types). */
  type: z.string().min(1).max(100),
  title: z.string().max(200).optional(),
  /** The plot type's options (validated by the plot type when the panel renders). */
  options: z.record(z.string(), z.unknown()).default({}),
  layout: DashboardLayoutSchema,
});
export type DashboardPanel = z.infer<typeof DashboardPanelSchema>;

export const DashboardWidgetsSchema = z.object({
  /** Metric keys to chart, a regular expression. */
  metrics: z.string().max(500).optional(),
  /** Smoothing algorithm and strength (0–0.99). */
  smoother: z.enum(['none', 'ema', 'time-ema', 'gaussian', 'running-average']).optional(),
  smoothing: z.number().min(0).max(0.99).optional(),
  /** `step`, `epoch`, `relative`, `time` or a metric key. */
  x: z.string().min(1).max(500).optional(),
  logX: z.boolean().optional(),
  logY: z.boolean().optional(),
  /** '' (runs), `group`, `project` or `params.<key>`. */
  groupBy: z.string().max(500).optional(),
  band: z.enum(['minmax', 'std', 'sem', 'ci95', 'none']).optional(),
  /** Remove outliers before smoothing. */
  outliers: z.boolean().optional(),
});
export type DashboardWidgets = z.infer<typeof DashboardWidgetsSchema>;

/** Which runs the panels show: a project, a filter expression and/or run ids. */
export const DashboardSelectionSchema = z.object({
  project: z.string().max(200).optional(),
  filter: z.string().max(4000).optional(),
  runIds: z.array(z.string().min(1).max(200)).max(1000).optional(),
});
export type DashboardSelection = z.infer<typeof DashboardSelectionSchema>;

export const DashboardSpecSchema = z
  .object({
    version: z.literal(DASHBOARD_SPEC_VERSION).default(DASHBOARD_SPEC_VERSION),
    panels: z.array(DashboardPanelSchema).max(MAX_DASHBOARD_PANELS),
    widgets: DashboardWidgetsSchema.default({}),
    selection: DashboardSelectionSchema.default({}),
  })
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    spec.panels.forEach((p, i) => {
      if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['panels', i, 'id'], message: `duplicate panel id: ${p.id}` });
      seen.add(p.id);
      if (p.layout.x + p.layout.w > DASHBOARD_COLUMNS) ctx.addIssue({ code: 'custom', path: ['panels', i, 'layout'], message: `panel ${p.id} reaches past column ${DASHBOARD_COLUMNS} (x ${p.layout.x} + w ${p.layout.w})` });
    });
  });
export type DashboardSpec = z.infer<typeof DashboardSpecSchema>;
export type DashboardSpecInput = z.input<typeof DashboardSpecSchema>;

/** What POST and PUT /api/v1/dashboards take. */
export const DashboardInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
  spec: DashboardSpecSchema,
});
export type DashboardInput = z.infer<typeof DashboardInputSchema>;

export const DashboardSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  spec: DashboardSpecSchema,
  /** ms since epoch. */
  created: z.number(),
  updated: z.number(),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

/** A dashboard in a list: everything but the spec, with its panel count. */
export const DashboardSummarySchema = DashboardSchema.omit({ spec: true }).extend({ panels: z.number().int() });
export type DashboardSummary = z.infer<typeof DashboardSummarySchema>;
