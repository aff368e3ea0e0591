import { type Display, kernelDisplay } from "./display";
import { esc } from "./svg";

/** A progress report for one long step (a write, a training run). */
export interface Progress {
  /** `done` out of the total given to `progress`, with an optional note ("iteration 3"). */
  update(done: number, note?: string): void;
  /** Marks the step complete, replacing the bar with a one-line summary. */
  finish(note?: string): void;
}

export interface ProgressOptions {
  /** An updatable display (tslab's `newDisplay()`); default: a new one in the running kernel, if any. */
  readonly display?: Display;
  /** Where plain-text progress goes outside a kernel; default standard output. */
  readonly write?: (line: string) => void;
}

const PUBLIC_MODULE = /[\\/]tslab[\\/]dist[\\/]public\.js$/;

/**
 * Live progress: in tslab an output that updates in place (an HTML bar), elsewhere a plain line
 * at each quarter and at the end.
 * @example const p = progress("writing default.training", rows); p.update(n); p.finish();
 */
export function progress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const display = options.display ?? kernelNewDisplay();
  const write = options.write ?? ((line: string) => console.log(line));
  const started = Date.now();
  let shownPercent = -1;
  const percentOf = (done: number) => (total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100);
  const render = (done: number, note?: string) => {
    const pct = percentOf(done);
    if (display !== undefined) {
      if (pct !== shownPercent) display.html(barHtml(label, pct, note));
    } else if (Math.floor(pct / 25) > Math.floor(Math.max(shownPercent, 0) / 25) || shownPercent < 0) {
      write(`${label}: ${pct}%${note ? ` (${note})` : ""}`);
    }
    shownPercent = pct;
  };
  render(0);
  return {
    update: (done, note) => render(done, note),
    finish: (note) => {
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      const line = `${label}: done in ${secs} s${note ? ` (${note})` : ""}`;
      if (display !== undefined) display.html(`<div style="font-family:sans-serif">✔ ${esc(line)}</div>`);
      else write(line);
    },
  };
}

/** The progress bar's markup (plain HTML, no script, so it renders in nbviewer and GitHub too). */
export function barHtml(label: string, percent: number, note?: string): string {
  const caption = `${label}: ${percent}%${note ? ` (${note})` : ""}`;
  return (
    '<div style="font-family:sans-serif">' +
    `<progress value="${percent}" max="100" style="width:280px;vertical-align:middle"></progress> ${esc(caption)}` +
    "</div>"
  );
}

/** tslab's `newDisplay()` of the running kernel (found once `kernelDisplay` has loaded it), else undefined. */
function kernelNewDisplay(): Display | undefined {
  if (kernelDisplay() === undefined) return undefined;
  const entry = Object.entries(require.cache).find(([id]) => PUBLIC_MODULE.test(id));
  const tslab = entry?.[1]?.exports as { newDisplay?: () => Display } | undefined;
  return tslab?.newDisplay?.();
}
