import { LakelabError } from "../errors";
import { Frame, type MlData } from "./frame";
import { PipelineModel } from "./pipeline-model";
import { type Estimator, isEstimator, makeUid, type PipelineStage, type Transformer } from "./stage";

/**
 * Spark's Pipeline: fitting runs the stages in order; each estimator is fitted on the output of
 * the stages before it and replaced by its model. Columns pass between stages in columnar form.
 * @example new Pipeline({ stages: [tokenizer, hashingTF, lr] }).fit(rows).transform(testRows)
 */
export class Pipeline implements Estimator {
  readonly uid: string;
  readonly stages: readonly PipelineStage[];

  constructor(params: { readonly stages: readonly PipelineStage[] }, uid = makeUid("Pipeline")) {
    if (!Array.isArray(params?.stages)) {
      throw new LakelabError("INVALID_PARAMETER_VALUE", "stages must be an array of pipeline stages", {
        context: { param: "stages" },
      });
    }
    this.stages = [...params.stages];
    this.uid = uid;
  }

  fit(data: MlData): PipelineModel {
    return this.fitFrame(Frame.of(data));
  }

  fitFrame(frame: Frame): PipelineModel {
    let lastEstimator = -1;
    this.stages.forEach((s, i) => {
      if (isEstimator(s)) lastEstimator = i;
    });
    const fitted: Transformer[] = [];
    let current = frame;
    this.stages.forEach((stage, i) => {
      const model = isEstimator(stage) ? stage.fitFrame(current) : stage;
      fitted.push(model);
      // stages after the last estimator only run at transform time, as in Spark
      if (i < lastEstimator) current = model.transformFrame(current);
    });
    return new PipelineModel(fitted, this.uid);
  }
}
