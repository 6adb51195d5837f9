import { RunlensError } from '../../errors.js';

/** Throws a VALIDATION error unless `confidence` is a number strictly between 0 and 1 (0.95, not 95). */
export function checkConfidence(confidence: number): void {
  if (!(typeof confidence === 'number' && confidence > 0 && confidence < 1)) {
    throw new RunlensError(
      'VALIDATION',
      `confidence must be between 0 and 1 (exclusive), e.g. 0.95; got ${String(confidence)}`,
      { field: 'confidence' },
    );
  }
}
