import { isRunlensError, RunlensError } from '../../errors.js';
import { describeSample, type DescribeOptions, type SampleDescription } from './describe.js';

/** What {@link describeGroups} reports. */
export interface GroupDescriptions {
  /** One description per group, under the group's name, in the input's key order. */
  readonly groups: Record<string, SampleDescription>;
  /** Problems with the grouping as a whole (no groups at all); each group carries its own warnings. */
  readonly warnings: string[];
}

/**
 * {@link describeSample} for every group (e.g. the final `val_loss` of each trial's seeds). Groups are independent:
 * an empty or all-NaN group gets NaN statistics and a warning without affecting the others. Throws what
 * describeSample throws (bad options, NaN under `nanPolicy: 'raise'`), with the group's name in the message.
 *
 * @example
 * const { groups } = describeGroups({ 'lr=1e-3': [0.41, 0.39, 0.44], 'lr=1e-2': [0.52, Number.NaN, 0.5] });
 * groups['lr=1e-2'].nanCount // 1
 */
export function describeGroups(
  groups: Readonly<Record<string, ArrayLike<number>>>,
  options: DescribeOptions = {},
): GroupDescriptions {
  const names = Object.keys(groups);
  const entries = names.map((name): [string, SampleDescription] => {
    try {
      return [name, describeSample(groups[name]!, options)];
    } catch (e) {
      if (!isRunlensError(e)) throw e;
      throw new RunlensError(e.code, `group ${JSON.stringify(name)}: ${e.message}`, { ...e.details, group: name });
    }
  });
  // fromEntries defines own properties, so a group named "__proto__" is a group, not a prototype.
  return { groups: Object.fromEntries(entries), warnings: names.length === 0 ? ['no groups to describe'] : [] };
}
