import { describe, expect, it } from 'vitest';
import { resolveMetricDirection } from './metric-direction.js';

describe('resolveMetricDirection', () => {
  it('takes the given direction, else guesses from the name, else assumes minimize and says so', () => {
    const warnings: string[] = [];
    expect(resolveMetricDirection('val/loss', 'maximize', warnings)).toBe('maximize');
    expect(['val/loss', 'test_error', 'ppl', 'val/loss_acc'].map((m) => resolveMetricDirection(m, undefined, warnings))).toEqual(['minimize', 'minimize', 'minimize', 'minimize']);
    expect(['val/acc', 'f1', 'episode_reward', 'AUC'].map((m) => resolveMetricDirection(m, undefined, warnings))).toEqual(['maximize', 'maximize', 'maximize', 'maximize']);
    expect(warnings).toEqual([]);
    expect(resolveMetricDirection('throughput', undefined, warnings)).toBe('minimize');
    expect(warnings).toEqual(['cannot tell whether a lower or higher throughput is better: assumed lower (set direction to maximize otherwise)']);
  });
});
