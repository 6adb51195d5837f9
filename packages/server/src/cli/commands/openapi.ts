import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
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

export function registerOpenApi(program: Command): void {
  program
    .command('openapi')
    .description('Print (or write) the OpenAPI 3 document of the REST API')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (o: { out?: string }) => {
      const doc = await generateOpenApi();
      if (o.out) writeFileSync(o.out, doc);
      else process.stdout.write(doc);
    });
}
