import type { Command } from 'commander';

export function registerOpenApi(program: Command): void {
  program
    .command('openapi')
    .description('Print (or write) the OpenAPI 3 document of the REST API')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    // loaded on use: the server stays out of `runlens openapi --help`
    .action(async (o: { out?: string }) => (await import('./openapi-action.js')).openApiAction(o));
}
