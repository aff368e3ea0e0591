import type { Metric } from "../../entities";
import { parsePythonFloat, pythonFloatRepr } from "../../python-format";

/** `<timestamp_ms> <value> <step>\n`, the value as Python's str(float) (nan, inf, 1e-05). */
export function formatMetricLine(m: Metric): string {
  return `${m.timestamp} ${pythonFloatRepr(m.value)} ${m.step}\n`;
}

/** Reads the 2-, 3- and 5-field forms MLflow writes (5 fields: metric logged with a dataset). */
export function parseMetricLine(key: string, line: string): Metric {
  const f = line.trim().split(" ");
  if (f.length !== 2 && f.length !== 3 && f.length !== 5) {
    throw new RangeError(
      `metric '${key}' line ${JSON.stringify(line)} has ${f.length} fields; expected 2, 3 or 5`,
    );
  }
  // MLflow's reader takes step 0 for 5-field lines (an upstream quirk kept for identical reads)
  const step = f.length === 3 ? Number(f[2]) : 0;
  return { key, value: parsePythonFloat(f[1]!), timestamp: Number(f[0]), step };
}

export function parseMetricFile(key: string, text: string): Metric[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => parseMetricLine(key, l));
}

/** The point with the largest (step, timestamp, value), as MLflow picks the latest value. */
export function latestMetric(points: readonly Metric[]): Metric | undefined {
  let best: Metric | undefined;
  for (const p of points) {
    if (
      best === undefined ||
      p.step > best.step ||
      (p.step === best.step &&
        (p.timestamp > best.timestamp || (p.timestamp === best.timestamp && p.value > best.value)))
    )
      best = p;
  }
  return best;
}
