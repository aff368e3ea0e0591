/**
 * Adds the plain closing line CI reads ("N passed, N failed, N skipped") after vitest's own summary.
 * A failed setup must not hide behind "skipped": when a file or suite fails on its own (a beforeAll
 * that throws, a module that fails to import, an afterAll that throws), vitest marks the tests it
 * did not run as skipped; they count here as failed, and a failed file or suite with no such test
 * counts as one failure itself.
 */
import type { Reporter, RunnerTask, RunnerTestFile } from "vitest";

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

/** Counts the tests under `tasks`; `setupFailed` says a suite above them failed on its own. */
function count(tasks: readonly RunnerTask[], setupFailed: boolean, tally: Tally): void {
  for (const task of tasks) {
    if (task.type === "suite") countSuite(task.tasks, failedOnItsOwn(task), setupFailed, tally);
    else if (task.result?.state === "pass") tally.passed++;
    else if (task.result?.state === "fail" || setupFailed) tally.failed++;
    else tally.skipped++;
  }
}

function countSuite(tasks: readonly RunnerTask[], own: boolean, above: boolean, tally: Tally): void {
  const failedBefore = tally.failed;
  count(tasks, own || above, tally);
  // nothing under it was left unrun (an afterAll failed, or there were no tests to collect)
  if (own && tally.failed === failedBefore) tally.failed++;
}

/** The suite's own errors (hooks, collection), not its tests' failures, which vitest keeps on the tests. */
function failedOnItsOwn(task: RunnerTask): boolean {
  return task.result?.state === "fail" && (task.result.errors?.length ?? 0) > 0;
}

export default class SummaryReporter implements Reporter {
  onFinished(files: readonly RunnerTestFile[] = [], errors: readonly unknown[] = []): void {
    const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
    for (const file of files) countSuite(file.tasks, failedOnItsOwn(file), false, tally);
    const failed = tally.failed + errors.length;
    const skipped = tally.skipped > 0 ? `, ${tally.skipped} skipped` : "";
    console.log(`\n${tally.passed} passed, ${failed} failed${skipped}`);
  }
}
