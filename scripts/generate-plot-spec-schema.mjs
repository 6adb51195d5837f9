// Writes docs/plot-spec.schema.json from the PlotSpec zod schemas (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { plotSpecJsonSchema } from '../packages/core/dist/index.js';

const out = new URL('../docs/plot-spec.schema.json', import.meta.url);
writeFileSync(out, JSON.stringify(plotSpecJsonSchema(), null, 2) + '\n');
console.log(`wrote ${out.pathname}`);
