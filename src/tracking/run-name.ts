import { randomInt } from "node:crypto";

// lakelab's own word lists; MLflow names runs the same way (<adjective>-<noun>-<0..999>)
const ADJECTIVES = [
  "amber",
  "brisk",
  "calm",
  "clever",
  "crisp",
  "daring",
  "eager",
  "fancy",
  "gentle",
  "glossy",
  "honest",
  "jolly",
  "keen",
  "lucid",
  "merry",
  "nimble",
  "polite",
  "quiet",
  "rapid",
  "silent",
  "steady",
  "sunny",
  "tidy",
  "vivid",
  "witty",
  "zesty",
];
const NOUNS = [
  "badger",
  "bison",
  "crane",
  "deer",
  "eel",
  "falcon",
  "fox",
  "gull",
  "hare",
  "heron",
  "ibis",
  "koala",
  "lark",
  "lynx",
  "mole",
  "newt",
  "otter",
  "owl",
  "panda",
  "quail",
  "robin",
  "seal",
  "stork",
  "trout",
  "wren",
  "yak",
];

/** A readable random run name such as `brisk-otter-417`. */
export function randomRunName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}-${randomInt(1000)}`;
}
