/** Whether a series' finite values are all one value: smoothers return such a series as it is, with no drift. */
export function isFiniteConstant(values: ArrayLike<number>): boolean {
  let first: number | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (first === undefined) first = v;
    else if (v !== first) return false;
  }
  return true;
}
