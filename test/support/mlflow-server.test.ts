import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MlflowServer } from "./mlflow-server";

/** Live (not zombie) processes of a process group, from /proc/<pid>/stat (state, ppid, pgrp). */
function liveMembers(group: number): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return Number(pgrp) === group && state !== "Z" ? [Number(pid)] : [];
      } catch {
        return []; // gone meanwhile
      }
    });
}

/** The real server the contract suite relies on: it answers as MLflow 3.6 and leaves nothing behind. */
describe("MlflowServer", () => {
  it("starts a real MLflow 3.6 server and stops it with its uvicorn child", async () => {
    const server = await MlflowServer.start();
    const group = server.processGroup!;
    try {
      expect(liveMembers(group).length).toBeGreaterThanOrEqual(2); // mlflow and its uvicorn child
      expect(await (await fetch(`${server.url}/version`)).text()).toMatch(/^3\.6\./);
      const res = await fetch(`${server.url}/api/2.0/mlflow/experiments/get?experiment_id=0`);
      expect(((await res.json()) as { experiment: { name: string } }).experiment.name).toBe("Default");
    } finally {
      await server.stop();
    }
    // no process of the group is left, and nobody listens on the port any more
    expect(liveMembers(group)).toEqual([]);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  }, 240_000);
});
