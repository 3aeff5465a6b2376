/**
 * `npx hardhat run scripts/derivatives/perp/cascade.ts`: runs a perp preset (PERP_PRESET, default the October 10
 * 2025 long squeeze) with its book and without it (the counterfactual), writes steps.csv and summary.json to
 * PERP_OUT (default out/perp/<name>) and prints the headline. PERP_STEPS overrides the preset's steps (quick runs).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import hre from "hardhat";
import { perpPresetSchema } from "./scenario";
import { runPerpCascade } from "./run";
import { headline } from "./headline";

export const DEFAULT_PRESET = path.join(__dirname, "presets", "oct-10-2025-long-squeeze.json");

async function main() {
  const file = process.env.PERP_PRESET ?? DEFAULT_PRESET;
  const raw = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  if (process.env.PERP_STEPS) raw.steps = Number(process.env.PERP_STEPS);
  const preset = perpPresetSchema.parse(raw);
  const out = process.env.PERP_OUT ?? path.join("out", "perp", preset.name);
  fs.mkdirSync(out, { recursive: true });
  const run = await runPerpCascade(hre, preset, true);
  const counterfactual = await runPerpCascade(hre, preset, false);
  const summary = headline(preset, run, counterfactual);
  const header = Object.keys(run.rows[0]);
  const csv = [header.join(","), ...run.rows.map((r) => header.map((k) => String(r[k as keyof typeof r])).join(","))];
  fs.writeFileSync(path.join(out, "steps.csv"), csv.join("\n") + "\n");
  fs.writeFileSync(path.join(out, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
  console.log(JSON.stringify(summary, null, 2));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
