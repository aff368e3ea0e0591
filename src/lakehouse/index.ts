export { type Connection, closeConnections, currentConnection, getConnection } from "./connection";
export { type ConnectionConfig, parseConnectionFile } from "./connection-config";
export { CONFIG_FILE_NAMES, type LookupEnvironment, resolveConnectionConfig } from "./connection-lookup";
export {
  type CorpusOptions,
  type LabeledText,
  labeledTextToArrow,
  spamCorpus,
  spamCorpusArrow,
} from "./corpus";
export { DEFAULT_TRAIN_PARAMS, fitAndEvaluate, type TrainMetrics, type TrainParams } from "./fit-evaluate";
export { readLineage, recordLineage, snapshotLineage, verifySnapshot } from "./lineage";
export {
  type MetricComparison,
  type ReproduceOptions,
  type ReproduceResult,
  reproduceRun,
} from "./reproduce";
export { type RunLineage, readRunLineage } from "./run-lineage";
export {
  LineageTag,
  lineageDataset,
  lineageTags,
  runTagName,
  type SnapshotLineage,
  snapshotDigest,
} from "./snapshot-lineage";
export { MODEL_ARTIFACT, type TrainedRun, type TrainOptions, trainOnSnapshot } from "./train";
