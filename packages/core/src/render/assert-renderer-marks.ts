/** Refuses a spec a renderer cannot draw, before any work, with an error naming the mark and the way out. */
import { RunlensError } from '../errors.js';
import type { MarkType, PlotSpec } from '../plots/plot-spec.js';

/**
 * Throws VALIDATION when any panel of `spec` holds a mark outside `marks`, naming the mark type, the panel and the
 * marks the renderer draws, e.g. `renderer uplot cannot draw box marks (panel 1 of a "compare" plot); it draws
 * line, area, point, rule, rect`.
 */
export function assertRendererMarks(spec: PlotSpec, renderer: { name: string; marks: readonly MarkType[] }): void {
  spec.panels.forEach((panel, p) => {
    for (const mark of panel.marks) {
      if (!renderer.marks.includes(mark.type)) {
        throw new RunlensError(
          'VALIDATION',
          `renderer ${renderer.name} cannot draw ${mark.type} marks (panel ${p + 1} of a "${spec.plot}" plot); it draws ${renderer.marks.join(', ')}`,
          { renderer: renderer.name, mark: mark.type, panel: p },
        );
      }
    }
  });
}
