/**
 * The derivatives presets' part of docs/SCENARIOS.md (between `<!-- derivatives:start -->` and
 * `<!-- derivatives:end -->`): each preset's venue measures from a cascade run, and for the short-gamma spiral the
 * same world without the dealer's hedging. `scripts/tasks/gen-scenarios-doc.ts` writes it with the rest of the page;
 * `npx hardhat run scripts/derivatives/engine/scenarios-doc.ts` regenerates only this block (a few minutes).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { RunResult } from "../../sim/engine";
import { runPreset } from "../../sim/presets";
import { optionsRows, perpRows } from "./report";

export const DERIVATIVE_PRESETS = ["derivatives/perp-long-squeeze", "derivatives/short-gamma-spiral"] as const;
const START = "<!-- derivatives:start -->";
const END = "<!-- derivatives:end -->";

export interface DerivativeRuns {
  perp: RunResult;
  spiral: RunResult;
  /** The spiral with `options.dealer.hedges` false. */
  spiralUnhedged: RunResult;
}

export async function runDerivativePresets(
  hre: HardhatRuntimeEnvironment,
  got: Partial<Record<string, RunResult>> = {},
): Promise<DerivativeRuns> {
  const run = async (name: string) => got[name] ?? (await runPreset(hre, name));
  return {
    perp: await run(DERIVATIVE_PRESETS[0]),
    spiral: await run(DERIVATIVE_PRESETS[1]),
    spiralUnhedged: await runPreset(hre, DERIVATIVE_PRESETS[1], { options: { dealer: { hedges: false } } }),
  };
}

const low = (r: RunResult, key: "ammPrice" | "externalPrice") => Math.min(...r.blocks.map((b) => b[key]));
const fallPct = (r: RunResult, key: "ammPrice" | "externalPrice") =>
  ((r.blocks[0][key] - low(r, key)) / r.blocks[0][key]) * 100;

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => " --- |").join("")}`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
}

/** The block (markers included). */
export function derivativesDocBlock(runs: DerivativeRuns): string {
  const { perp, spiral, spiralUnhedged: off } = runs;
  const p = perp.summary.derivatives!;
  const o = spiral.summary.derivatives!;
  const section = (r: RunResult) => [
    `## ${r.scenario.name === "perp-long-squeeze" ? DERIVATIVE_PRESETS[0] : DERIVATIVE_PRESETS[1]}`,
    "",
    r.scenario.description,
    "",
    "```sh",
    `npx hardhat cascade --scenario ${r.scenario.name === "perp-long-squeeze" ? DERIVATIVE_PRESETS[0] : DERIVATIVE_PRESETS[1]}`,
    "```",
    "",
    `${r.scenario.blocks} blocks, seed ${r.scenario.seed}; measures from summary.json \`derivatives\` (amounts in whole debt tokens).`,
    "",
  ];
  const f2 = (x: number) => x.toFixed(2);
  return [
    START,
    ...section(perp),
    ...table(["measure", "value"], perpRows(p)),
    "",
    `External price low ${f2(low(perp, "externalPrice"))} (−${f2(fallPct(perp, "externalPrice"))}%) against an exogenous fall of ${f2(perp.summary.exogenousShock * 100)}%.`,
    "",
    ...section(spiral),
    ...table(["measure", "value"], optionsRows(o)),
    "",
    "The same world with `--set options.dealer.hedges=false` (the dealer stays short, unhedged):",
    "",
    ...table(
      ["", "dealer hedges (the preset)", "dealer does not hedge"],
      [
        [
          "lowest AMM price (fall)",
          `${f2(low(spiral, "ammPrice"))} (−${f2(fallPct(spiral, "ammPrice"))}%)`,
          `${f2(low(off, "ammPrice"))} (−${f2(fallPct(off, "ammPrice"))}%)`,
        ],
        [
          "lowest external price (fall)",
          `${f2(low(spiral, "externalPrice"))} (−${f2(fallPct(spiral, "externalPrice"))}%)`,
          `${f2(low(off, "externalPrice"))} (−${f2(fallPct(off, "externalPrice"))}%)`,
        ],
        [
          "dealer's net hedge sales (collateral)",
          f2(o.options!.dealerHedge.netSold),
          f2(off.summary.derivatives!.options!.dealerHedge.netSold),
        ],
        [
          "auctions started / bids",
          `${o.options!.auctions.started} / ${o.options!.auctions.bids}`,
          `${off.summary.derivatives!.options!.auctions.started} / ${off.summary.derivatives!.options!.auctions.bids}`,
        ],
        [
          "shortfall at the mark at the end",
          f2(o.options!.shortfallAtEnd),
          f2(off.summary.derivatives!.options!.shortfallAtEnd),
        ],
      ],
    ),
    END,
  ].join("\n");
}

/** `text` with its derivatives block replaced by `block` (appended when absent). */
export function replaceDerivativesBlock(text: string, block: string): string {
  const i = text.indexOf(START);
  const j = text.indexOf(END);
  if (i < 0 || j < i) return `${text.trimEnd()}\n\n${block}\n`;
  return text.slice(0, i) + block + text.slice(j + END.length);
}

async function main() {
  const hre = (await import("hardhat")).default;
  const doc = path.join(__dirname, "..", "..", "..", "docs", "SCENARIOS.md");
  const block = derivativesDocBlock(await runDerivativePresets(hre));
  fs.writeFileSync(doc, replaceDerivativesBlock(fs.readFileSync(doc, "utf8"), block));
  process.stderr.write("docs/SCENARIOS.md: derivatives block regenerated\n");
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
