import { writeFileSync } from "node:fs";
import { Frame, type MlData } from "./frame";
import { toOutput } from "./frame-output";
import {
  PIPELINE_MODEL_FORMAT,
  PIPELINE_MODEL_VERSION,
  type PipelineModelDocument,
  parsePipelineModelDocument,
  stagesFromDocument,
} from "./pipeline-model.serde";
import type { StageDocument, Transformer } from "./stage";

/**
 * A fitted pipeline: `transform` runs every stage. `save()` gives a versioned JSON document
 * (`save(path)` also writes it), `PipelineModel.load(docOrPath)` reads one back.
 */
export class PipelineModel implements Transformer {
  constructor(
    readonly stages: readonly Transformer[],
    readonly uid: string,
  ) {}

  transform(data: MlData): MlData {
    return toOutput(this.transformFrame(Frame.of(data)));
  }

  transformFrame(frame: Frame): Frame {
    return this.stages.reduce((f, stage) => stage.transformFrame(f), frame);
  }

  toJSON(): StageDocument {
    return {
      class: "PipelineModel",
      uid: this.uid,
      params: {},
      data: { stages: this.stages.map((s) => s.toJSON()) },
    };
  }

  /** The model as a JSON document; with `path`, also written there (UTF-8, pretty-printed). */
  save(path?: string): PipelineModelDocument {
    const doc: PipelineModelDocument = {
      format: PIPELINE_MODEL_FORMAT,
      formatVersion: PIPELINE_MODEL_VERSION,
      uid: this.uid,
      stages: this.stages.map((s) => s.toJSON()),
    };
    if (path !== undefined) writeFileSync(path, `${JSON.stringify(doc, null, 1)}\n`);
    return doc;
  }

  /** A model from `save()`'s document, its JSON text, or a file path holding it. */
  static load(source: PipelineModelDocument | string): PipelineModel {
    const doc = parsePipelineModelDocument(source);
    return new PipelineModel(stagesFromDocument(doc), doc.uid);
  }
}
