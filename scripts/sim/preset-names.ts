/** Preset names as the file tree holds them (no engine imports: the Hardhat tasks load this at start-up). */
import * as fs from "node:fs";
import * as path from "node:path";

export const SCENARIOS_DIR = path.join(__dirname, "..", "..", "scenarios");

/** Folders of scenarios/ whose files are another kind of scenario: `chains/` holds two-chain scenarios
 * (scripts/chains/scenario.ts), which the single-chain schema and engine do not read. */
export const OTHER_KIND_DIRS: readonly string[] = ["chains"];

/** Every preset name of the single-chain engine, `historical/*` included, sorted (not those of OTHER_KIND_DIRS). */
export function presetNames(dir = SCENARIOS_DIR, prefix = ""): string[] {
  const names: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && prefix === "" && OTHER_KIND_DIRS.includes(entry.name)) continue;
    if (entry.isDirectory()) names.push(...presetNames(path.join(dir, entry.name), `${prefix}${entry.name}/`));
    else if (entry.name.endsWith(".json")) names.push(prefix + entry.name.replace(/\.json$/, ""));
  }
  return names.sort();
}
