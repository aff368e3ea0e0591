import { existsSync, readFileSync } from "node:fs";
import { LakelabError } from "../errors";
import { HashingTF } from "./hashing-tf";
import { type LogisticRegressionColumns, LogisticRegressionModel } from "./logistic-regression-model";
import { RegexTokenizer } from "./regex-tokenizer";
import type { StageDocument, Transformer } from "./stage";
import { Tokenizer } from "./tokenizer";

export const PIPELINE_MODEL_FORMAT = "lakelab.ml.PipelineModel";
export const PIPELINE_MODEL_VERSION = 1;

/**
 * The saved form of a PipelineModel (JSON-safe). Version 1: stages in order, each
 * {class, uid, params, data?}; LogisticRegressionModel data holds coefficientMatrix row-major,
 * dense or {size, indices, values} when mostly zero.
 */
export interface PipelineModelDocument {
  readonly format: typeof PIPELINE_MODEL_FORMAT;
  readonly formatVersion: number;
  readonly uid: string;
  readonly stages: readonly StageDocument[];
}

/** Accepts the document, its JSON text, or the path of a file holding it; validates the header. */
export function parsePipelineModelDocument(source: PipelineModelDocument | string): PipelineModelDocument {
  let doc: unknown = source;
  if (typeof source === "string") {
    const text = source.trimStart().startsWith("{") ? source : readModelFile(source);
    try {
      doc = JSON.parse(text);
    } catch (cause) {
      throw corrupt("is not valid JSON", cause);
    }
  }
  const d = doc as Partial<PipelineModelDocument>;
  if (typeof d !== "object" || d === null || d.format !== PIPELINE_MODEL_FORMAT) {
    throw corrupt(`has format ${JSON.stringify(d?.format)}; expected '${PIPELINE_MODEL_FORMAT}'`);
  }
  if (d.formatVersion !== PIPELINE_MODEL_VERSION) {
    throw new LakelabError(
      "NOT_SUPPORTED",
      `pipeline model formatVersion ${d.formatVersion} is not supported; this lakelab reads version ${PIPELINE_MODEL_VERSION}`,
      { context: { formatVersion: d.formatVersion } },
    );
  }
  if (!Array.isArray(d.stages)) throw corrupt("has no stages array");
  return d as PipelineModelDocument;
}

/** Rebuilds the fitted stages of a document. */
export function stagesFromDocument(doc: PipelineModelDocument): Transformer[] {
  return doc.stages.map((s) => stageFromDocument(s));
}

function stageFromDocument(s: StageDocument): Transformer {
  // the constructors re-validate every parameter, so a hand-edited document fails with their errors
  const p = s.params as never;
  switch (s.class) {
    case "Tokenizer":
      return new Tokenizer(p, s.uid);
    case "RegexTokenizer":
      return new RegexTokenizer(p, s.uid);
    case "HashingTF":
      return new HashingTF(p, s.uid);
    case "LogisticRegressionModel": {
      const d = (s.data ?? {}) as Record<string, unknown>;
      const numFeatures = Number(d.numFeatures);
      const intercepts = Float64Array.from(d.interceptVector as number[]);
      return new LogisticRegressionModel(
        s.params as unknown as LogisticRegressionColumns,
        {
          numClasses: Number(d.numClasses),
          numFeatures,
          isMultinomial: d.isMultinomial === true,
          coefficientMatrix: decodeCoefficients(d.coefficientMatrix, numFeatures * intercepts.length),
          interceptVector: intercepts,
          numIterations: Number(d.numIterations),
          objectiveHistory: (d.objectiveHistory as number[]) ?? [],
        },
        s.uid,
      );
    }
    default:
      throw corrupt(`has a stage of unknown class '${s.class}'`);
  }
}

function decodeCoefficients(c: unknown, size: number): Float64Array {
  if (Array.isArray(c) && c.length === size) return Float64Array.from(c as number[]);
  const sparse = c as { size?: number; indices?: number[]; values?: number[] } | null;
  if (sparse?.size === size && Array.isArray(sparse.indices) && Array.isArray(sparse.values)) {
    const out = new Float64Array(size);
    sparse.indices.forEach((i, k) => {
      out[i] = sparse.values![k]!;
    });
    return out;
  }
  throw corrupt(`has a coefficientMatrix that is not ${size} values (dense or {size, indices, values})`);
}

function readModelFile(path: string): string {
  if (!existsSync(path)) {
    throw new LakelabError("FILE_NOT_FOUND", `pipeline model file '${path}' does not exist`, {
      context: { path },
    });
  }
  return readFileSync(path, "utf8");
}

function corrupt(what: string, cause?: unknown): LakelabError {
  return new LakelabError("FILE_CORRUPT", `the pipeline model document ${what}`, { cause });
}
