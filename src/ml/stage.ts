import type { Frame, MlData } from "./frame";

/** A fitted stage: adds columns. `transformFrame` is the columnar path Pipeline uses between stages. */
export interface Transformer {
  readonly uid: string;
  transform(data: MlData): MlData;
  transformFrame(frame: Frame): Frame;
  /** Parameters and learned state as JSON-safe data (saved by PipelineModel). */
  toJSON(): StageDocument;
}

/** A stage that learns from data: `fit` returns its model, a Transformer. */
export interface Estimator {
  readonly uid: string;
  fit(data: MlData): Transformer;
  fitFrame(frame: Frame): Transformer;
}

export type PipelineStage = Transformer | Estimator;

/** One stage in a saved PipelineModel document. */
export interface StageDocument {
  readonly class: string;
  readonly uid: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly data?: Readonly<Record<string, unknown>>;
}

let counter = 0;

/** Spark-style uid: `<prefix>_<12 hex digits>`, deterministic within a process. */
export function makeUid(prefix: string): string {
  counter += 1;
  return `${prefix}_${counter.toString(16).padStart(12, "0")}`;
}

export function isEstimator(stage: PipelineStage): stage is Estimator {
  return typeof (stage as Estimator).fit === "function";
}
