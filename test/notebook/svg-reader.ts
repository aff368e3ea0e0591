import { execFileSync } from "node:child_process";

/** What an independent XML parser (Python's ElementTree) sees in an SVG document. */
export interface ParsedSvg {
  readonly root: string;
  readonly texts: string[];
  readonly titles: string[];
  readonly circles: { cx: number; cy: number; fill: string }[];
  readonly elements: Record<string, number>;
}

const SCRIPT = `
import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
ns = "{http://www.w3.org/2000/svg}"
def local(t): return t[len(ns):] if t.startswith(ns) else t
counts = {}
for e in root.iter(): counts[local(e.tag)] = counts.get(local(e.tag), 0) + 1
print(json.dumps({
  "root": local(root.tag),
  "texts": [e.text or "" for e in root.iter(ns + "text")],
  "titles": [e.text or "" for e in root.iter(ns + "title")],
  "circles": [{"cx": float(e.get("cx")), "cy": float(e.get("cy")), "fill": e.get("fill")} for e in root.iter(ns + "circle")],
  "elements": counts,
}))
`;

/** Parses `svg` with /usr/bin/python3's XML parser; throws when the markup is not well-formed. */
export function readSvg(svg: string): ParsedSvg {
  return JSON.parse(execFileSync("/usr/bin/python3", ["-c", SCRIPT], { input: svg, encoding: "utf8" }));
}
