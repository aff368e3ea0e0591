import { colour, count, esc, fmt, svgOpen, text } from "./svg";

/** One snapshot as the timeline needs it. */
export interface TimelineSnapshot {
  readonly snapshotId: bigint;
  readonly parentId?: bigint | null;
  readonly operation: string;
  readonly committedAt: Date;
  /** Total rows in the table at this snapshot. */
  readonly rowCount: number;
}

/** A training run and the snapshot it trained on. */
export interface TimelineRun {
  readonly runId: string;
  readonly name?: string;
  readonly snapshotId: bigint;
}

export interface SnapshotTimelineInput {
  readonly snapshots: readonly TimelineSnapshot[];
  readonly runs?: readonly TimelineRun[];
  /** Marked as the table's current snapshot (the `main` branch). */
  readonly currentSnapshotId?: bigint;
  readonly title?: string;
}

const STEP = 190;
const LEFT = 100;
const NODE_Y = 96;
const RUN_Y = 176;
const RUN_H = 26;
const RUN_GAP = 8;

/**
 * The table's snapshots left to right in commit order (operation, row count, id, time), parent
 * links (an arc when the parent is not the previous snapshot, e.g. after a rollback), and below
 * each snapshot the runs that trained on it.
 */
export function snapshotTimelineSvg(input: SnapshotTimelineInput): string {
  const snaps = [...input.snapshots].sort((a, b) => a.committedAt.getTime() - b.committedAt.getTime());
  const runs = input.runs ?? [];
  const xOf = new Map(snaps.map((s, i) => [s.snapshotId, LEFT + i * STEP]));
  const runsAt = new Map<bigint, TimelineRun[]>();
  for (const r of runs) runsAt.set(r.snapshotId, [...(runsAt.get(r.snapshotId) ?? []), r]);
  const orphans = runs.filter((r) => !xOf.has(r.snapshotId));
  const maxStack = Math.max(0, ...snaps.map((s) => runsAt.get(s.snapshotId)?.length ?? 0));
  const title = input.title ?? "Snapshots";
  // bold 15 px text runs about 9 px a character
  const width = Math.max(480, 32 + title.length * 9, LEFT + Math.max(snaps.length - 1, 0) * STEP + LEFT);
  const height = RUN_Y + maxStack * (RUN_H + RUN_GAP) + (orphans.length > 0 ? 28 : 8);
  const out = [svgOpen(width, height, title), text(16, 24, title, 'font-size="15" font-weight="bold"')];
  if (snaps.length === 0) out.push(text(16, 60, "no snapshots yet", 'fill="#666"'));
  out.push(...snaps.map((s, i) => link(s, i, snaps, xOf)));
  for (const s of snaps) {
    const x = xOf.get(s.snapshotId)!;
    out.push(node(s, x, s.snapshotId === input.currentSnapshotId));
    out.push(...(runsAt.get(s.snapshotId) ?? []).map((r, k) => runBox(r, x, k, runs.indexOf(r))));
  }
  if (orphans.length > 0) {
    const ids = orphans.map((r) => `${label(r)} → ${r.snapshotId}`).join(", ");
    out.push(text(16, height - 10, `trained on snapshots no longer in the table: ${ids}`, 'fill="#b00020"'));
  }
  out.push("</svg>");
  return out.join("");
}

function link(
  s: TimelineSnapshot,
  i: number,
  snaps: readonly TimelineSnapshot[],
  xOf: Map<bigint, number>,
): string {
  if (s.parentId === undefined || s.parentId === null) return "";
  const from = xOf.get(s.parentId);
  const to = xOf.get(s.snapshotId)!;
  if (from === undefined) return "";
  if (i > 0 && snaps[i - 1].snapshotId === s.parentId) {
    return `<line x1="${fmt(from + 12)}" y1="${NODE_Y}" x2="${fmt(to - 12)}" y2="${NODE_Y}" stroke="#555" stroke-width="2"/>`;
  }
  const mid = (from + to) / 2;
  return `<path d="M${fmt(from)} ${NODE_Y - 12} Q${fmt(mid)} ${NODE_Y - 70} ${fmt(to)} ${NODE_Y - 12}" fill="none" stroke="#555" stroke-width="2" stroke-dasharray="5 3"/>`;
}

function node(s: TimelineSnapshot, x: number, current: boolean): string {
  const tip = `snapshot ${s.snapshotId}\nparent ${s.parentId ?? "none"}\n${s.operation}, ${count(s.rowCount)} rows\n${s.committedAt.toISOString()}`;
  return [
    `<g><title>${esc(tip)}</title>`,
    `<circle cx="${fmt(x)}" cy="${NODE_Y}" r="11" fill="${current ? "#0072B2" : "#ffffff"}" stroke="#0072B2" stroke-width="3"/>`,
    text(x, NODE_Y - 34, s.operation, 'text-anchor="middle" font-weight="bold"'),
    text(x, NODE_Y - 19, `${count(s.rowCount)} rows`, 'text-anchor="middle"'),
    text(
      x,
      NODE_Y + 28,
      String(s.snapshotId),
      'text-anchor="middle" font-family="monospace" font-size="10.5"',
    ),
    text(
      x,
      NODE_Y + 43,
      `${s.committedAt.toISOString().slice(0, 19).replace("T", " ")} UTC`,
      'text-anchor="middle" font-size="10.5" fill="#555"',
    ),
    current ? text(x + 16, NODE_Y + 4, "main", 'font-size="10" fill="#0072B2" font-weight="bold"') : "",
    "</g>",
  ].join("");
}

function runBox(r: TimelineRun, x: number, k: number, colourIndex: number): string {
  const y = RUN_Y + k * (RUN_H + RUN_GAP);
  const w = 172;
  return [
    `<g><title>${esc(`run ${r.runId} trained on snapshot ${r.snapshotId}`)}</title>`,
    k === 0
      ? `<line x1="${fmt(x)}" y1="${NODE_Y + 48}" x2="${fmt(x)}" y2="${y}" stroke="#999" stroke-dasharray="3 3"/>`
      : "",
    `<rect x="${fmt(x - w / 2)}" y="${y}" width="${w}" height="${RUN_H}" rx="5" fill="${colour(colourIndex)}" fill-opacity="0.15" stroke="${colour(colourIndex)}" stroke-width="1.5"/>`,
    text(x, y + 17, label(r), 'text-anchor="middle"'),
    "</g>",
  ].join("");
}

function label(r: TimelineRun): string {
  const name = r.name && r.name.length > 16 ? `${r.name.slice(0, 15)}…` : r.name;
  return name ? `${name} (${r.runId.slice(0, 6)})` : `run ${r.runId.slice(0, 8)}`;
}
