import type { ImporterPlugin } from './importer.js';
import { tensorboardImporter } from './tensorboard/tensorboard-importer.js';
import { mlflowImporter } from './mlflow/mlflow-importer.js';
import { hfTrainerImporter } from './hf/hf-trainer-importer.js';
import { csvImporter } from './csv/csv-importer.js';
import { jsonlImporter } from './csv/jsonl-importer.js';

/** The importers that ship with runlens, in the order `runlens import --help` lists them. */
export const BUILTIN_IMPORTERS: ImporterPlugin[] = [tensorboardImporter, mlflowImporter, hfTrainerImporter, csvImporter, jsonlImporter];
