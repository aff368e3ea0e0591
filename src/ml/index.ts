export { type CsrMatrix, csrRow } from "./csr-matrix";
export * from "./evaluation";
export { type DanfoFrame, Frame, type MlData } from "./frame";
export { HashingTF, type HashingTFParams } from "./hashing-tf";
export { LogisticRegression, type LogisticRegressionParams } from "./logistic-regression";
export {
  type LogisticRegressionColumns,
  LogisticRegressionModel,
  type LogisticRegressionModelData,
} from "./logistic-regression-model";
export { Pipeline } from "./pipeline";
export { PipelineModel } from "./pipeline-model";
export {
  PIPELINE_MODEL_FORMAT,
  PIPELINE_MODEL_VERSION,
  type PipelineModelDocument,
} from "./pipeline-model.serde";
export { randomSplit } from "./random-split";
export { RegexTokenizer, type RegexTokenizerParams } from "./regex-tokenizer";
export { DenseVector, type MlVector, SparseVector } from "./sparse-vector";
export type { Estimator, PipelineStage, StageDocument, Transformer } from "./stage";
export { sparkTokenize, Tokenizer, type TokenizerParams } from "./tokenizer";
