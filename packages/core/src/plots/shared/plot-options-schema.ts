/** The options schema of a plot type: defaults filled in, unknown keys refused with the list of valid ones. */
import { z } from 'zod';

/**
 * A strict zod object for the options of plot `plot`: an unknown key (a typo, a flag another plot type takes) fails
 * with `unknown curves option: smoth (valid: metrics, x, smooth, …)` instead of being ignored.
 *
 * @example
 * const options = plotOptionsSchema('timeline', { sortBy: z.enum(['start', 'name']).default('start') });
 */
export function plotOptionsSchema<S extends z.ZodRawShape>(plot: string, shape: S): z.ZodObject<S, z.core.$strict> {
  const valid = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown ${plot} option${issue.keys.length === 1 ? '' : 's'}: ${issue.keys.join(', ')} (valid: ${valid})`
        : undefined,
  });
}
