export {
  BinaryClassificationEvaluator,
  type BinaryClassificationEvaluatorParams,
  type BinaryMetricName,
} from "./binary-classification-evaluator";
export {
  MulticlassClassificationEvaluator,
  type MulticlassClassificationEvaluatorParams,
  type MulticlassMetricName,
} from "./multiclass-classification-evaluator";
