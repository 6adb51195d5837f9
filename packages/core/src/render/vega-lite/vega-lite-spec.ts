/**
 * The part of the Vega-Lite model the compiler writes, as plain JSON types (core does not import vega-lite). A
 * compiled spec is pure JSON: no functions, no expressions built from user text (tick labels come from params).
 */

export type VegaLiteJson = string | number | boolean | null | VegaLiteJson[] | VegaLiteObject;
export interface VegaLiteObject {
  [key: string]: VegaLiteJson | undefined;
}

/** One layer: a mark with its own inline data. */
export interface VegaLiteLayer extends VegaLiteObject {
  data: { values: VegaLiteObject[] };
  mark: VegaLiteObject;
  encoding: VegaLiteObject;
}

/** One panel: a layered view of fixed plot size. */
export interface VegaLitePanelView extends VegaLiteObject {
  width: number;
  height: number;
  layer: VegaLiteLayer[];
}

export interface VegaLiteTopLevelSpec extends VegaLiteObject {
  $schema: string;
  background: string;
  padding: number;
  config: VegaLiteObject;
  params?: VegaLiteObject[];
}
