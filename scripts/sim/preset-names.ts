/** Preset names as the file tree holds them (no engine imports: the Hardhat tasks load this at start-up). */
import * as fs from "node:fs";
import * as path from "node:path";

export const SCENARIOS_DIR = path.join(__dirname, "..", "..", "scenarios");

/** Every preset name, `historical/*` included, sorted. */
export function presetNames(dir = SCENARIOS_DIR, prefix = ""): string[] {
  const names: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) names.push(...presetNames(path.join(dir, entry.name), `${prefix}${entry.name}/`));
    else if (entry.name.endsWith(".json")) names.push(prefix + entry.name.replace(/\.json$/, ""));
  }
  return names.sort();
}
