import { describe, expect, it } from 'vitest';
import { learningRateAt } from './lr-schedule.js';

describe('learningRateAt', () => {
  const schedule = { peak: 1, warmupSteps: 10, totalSteps: 110, minRatio: 0.1 };

  it('warms up linearly to the peak, then decays along a cosine to peak × minRatio', () => {
    expect(learningRateAt(schedule, 1)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(schedule, 5)).toBeCloseTo(0.5, 12);
    expect(learningRateAt(schedule, 10)).toBe(1);
    expect(learningRateAt(schedule, 60)).toBeCloseTo(0.55, 12);
    expect(learningRateAt(schedule, 110)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(schedule, 200)).toBeCloseTo(0.1, 12);
  });

  it('never increases after warmup', () => {
    for (let step = 11; step <= 110; step++) {
      expect(learningRateAt(schedule, step)).toBeLessThanOrEqual(learningRateAt(schedule, step - 1));
    }
  });

  it('handles no warmup and warmup as long as the run', () => {
    expect(learningRateAt({ ...schedule, warmupSteps: 0 }, 1)).toBeCloseTo(1, 3);
    expect(learningRateAt({ ...schedule, warmupSteps: 0 }, 0)).toBe(1);
    expect(learningRateAt({ ...schedule, warmupSteps: 110 }, 110)).toBe(1);
  });
});
