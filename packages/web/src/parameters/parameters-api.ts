/** The tensor-snapshot endpoints the Parameters view reads (docs/api.md, "Tensor snapshots", "Projection", row neighbours). */
import { apiGet } from '../api/http.js';

export interface TensorInfo {
  name: string;
  steps: number[];
  dtype: 'float32' | 'float16';
  shape: number[];
}

export interface ProjectedSnapshot {
  step: number;
  time: number;
  /** rows × 3, row-major */
  coords: number[];
  norms: number[];
  /** rows × k row indices, or null beyond the server's compute budget */
  neighbours: number[] | null;
  distanceToReference: number;
}

export interface Projection {
  name: string;
  method: 'pca' | 'umap';
  referenceStep: number;
  rows: number;
  cols: number;
  k: number;
  labels: string[] | null;
  explainedVariance: number[];
  skippedSteps: number[];
  snapshots: ProjectedSnapshot[];
}

export function listTensors(runId: string, signal?: AbortSignal): Promise<{ tensors: TensorInfo[] }> {
  return apiGet(`/api/v1/runs/${encodeURIComponent(runId)}/tensors`, {}, signal);
}

export function getProjection(runId: string, name: string, method: 'pca' | 'umap', signal?: AbortSignal): Promise<Projection> {
  return apiGet(`/api/v1/runs/${encodeURIComponent(runId)}/tensors/${encodeURIComponent(name)}/projection`, { method }, signal);
}

/** One row's nearest rows by cosine similarity in the original space (exact; for snapshots the projection left without). */
export interface RowNeighbours {
  name: string;
  step: number;
  row: number;
  k: number;
  neighbours: { row: number; similarity: number }[];
}

export function getRowNeighbours(runId: string, name: string, step: number, row: number, k: number, signal?: AbortSignal): Promise<RowNeighbours> {
  return apiGet(`/api/v1/runs/${encodeURIComponent(runId)}/tensors/${encodeURIComponent(name)}/neighbours`, { step, row, k }, signal);
}
