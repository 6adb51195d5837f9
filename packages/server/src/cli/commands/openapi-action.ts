/** What `runlens openapi` does; loaded when it runs (openapi.ts registers the command). */
import { writeFileSync } from 'node:fs';
import { buildApp } from '../../server/app.js';
import { SqliteStore } from '../../store/sqlite-store.js';

/** The OpenAPI document of this version, from the route schemas (zod). Stable key order for a committed file. */
export async function generateOpenApi(): Promise<string> {
  const store = new SqliteStore({ dataDir: ':memory:' });
  const built = await buildApp({ store });
  try {
    return JSON.stringify(built.app.swagger(), null, 2) + '\n';
  } finally {
    await built.close();
    await store.close();
  }
}

export async function openApiAction(o: { out?: string }): Promise<void> {
  const doc = await generateOpenApi();
  if (o.out) writeFileSync(o.out, doc);
  else process.stdout.write(doc);
}
