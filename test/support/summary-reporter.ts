/**
 * Adds the plain closing line CI reads ("N passed, N failed, N skipped") after vitest's own summary.
 */
import type { Reporter, RunnerTask, RunnerTestFile } from "vitest";

function count(
  tasks: readonly RunnerTask[],
  tally: { passed: number; failed: number; skipped: number },
): void {
  for (const task of tasks) {
    if (task.type === "suite") count(task.tasks, tally);
    else if (task.result?.state === "pass") tally.passed++;
    else if (task.result?.state === "fail") tally.failed++;
    else tally.skipped++;
  }
}

export default class SummaryReporter implements Reporter {
  onFinished(files: readonly RunnerTestFile[] = [], errors: readonly unknown[] = []): void {
    const tally = { passed: 0, failed: 0, skipped: 0 };
    count(files, tally);
    // a file that failed to load has no tests to count: it still fails the run
    const failedFiles = files.filter((f) => f.result?.state === "fail" && f.tasks.length === 0).length;
    const failed = tally.failed + failedFiles + errors.length;
    const skipped = tally.skipped > 0 ? `, ${tally.skipped} skipped` : "";
    console.log(`\n${tally.passed} passed, ${failed} failed${skipped}`);
  }
}
