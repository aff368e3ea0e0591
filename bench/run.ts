/**
 * `npm run bench -- <name> [...]`: runs the named benchmarks (all when none is named).
 * Each bench/<name>.ts exports `main(args)` and prints a markdown table of side-by-side ratios.
 */
const ALL = ["iceberg", "ml", "tracking", "notebook", "remote"] as const;

async function runAll(): Promise<void> {
  const names = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const chosen = names.length > 0 ? names : [...ALL];
  for (const name of chosen) {
    if (!(ALL as readonly string[]).includes(name)) {
      console.error(`unknown benchmark '${name}'; choose from: ${ALL.join(", ")}`);
      process.exitCode = 2;
      return;
    }
    const mod = require(`./${name}`) as { main(args: string[]): Promise<void> };
    console.log(`\n## bench: ${name}\n`);
    await mod.main(process.argv.slice(2));
  }
}

runAll().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
