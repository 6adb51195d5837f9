/** How many runs the comparison view takes (`/compare?runs=a,b,...`). */
export const MIN_COMPARE = 2;
export const MAX_COMPARE = 10;
