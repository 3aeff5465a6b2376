/**
 * The two-chain presets' part of docs/SCENARIOS.md (between `<!-- chains:start -->` and `<!-- chains:end -->`): each
 * preset of scenarios/chains run as `npx hardhat cascade --scenario chains/<name>` runs it (with the crash on A and
 * the same run without it), and its contagion measures. `scripts/tasks/gen-scenarios-doc.ts` writes it with the rest
 * of the page; `npx hardhat run scripts/chains/scenarios-doc.ts` regenerates only this block.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { fixed, mdTable } from "../report/doc-format";
import { bridgeParams } from "./bridge-params";
import { chainPresetNames, runChainScenario, type ChainRun } from "./cascade-task";
import { loadChainScenario } from "./scenario";

const START = "<!-- chains:start -->";
const END = "<!-- chains:end -->";
const ROOT = path.join(__dirname, "..", "..");

/** Every two-chain preset, run at its own size and seed; `onPreset` is told each name before its runs. */
export async function runChainPresets(
  hre: HardhatRuntimeEnvironment,
  onPreset?: (name: string) => void,
): Promise<ChainRun[]> {
  const runs: ChainRun[] = [];
  for (const name of chainPresetNames(ROOT)) {
    onPreset?.(name);
    const scenario = loadChainScenario(path.join(ROOT, "scenarios", `${name}.json`));
    runs.push(await runChainScenario(hre, name, scenario));
  }
  return runs;
}

const whole = (x: number | null) => fixed(x, 0);

/** The headline row of a run: liquidations on each chain, what the crash on A caused on B, and the delay. */
function row(run: ChainRun): string[] {
  const s = run.summary;
  const c = s.contagion;
  const [a, b] = s.chains;
  return [
    `[${run.name}](#${run.name.replace(/[^a-z0-9-]/g, "")})`,
    String(run.scenario.spec.borrowersPerChain),
    String(run.scenario.spec.durationSec),
    String(a.liquidations),
    String(b.liquidations),
    whole(c.badDebtOnBCausedByA),
    whole(c.underwaterOnBCausedByA),
    String(c.liquidationsOnBCausedByA),
    whole(c.firstLiquidationOnASec),
    whole(c.firstLiquidationOnBSec),
    whole(c.firstLiquidationDelaySec),
  ];
}

/** A preset's own section: its description, the command, and the run without the crash beside it. */
function section(run: ChainRun): string[] {
  const s = run.summary;
  const spec = run.scenario.spec;
  const w = s.whale;
  const bridge = bridgeParams(spec.bridge);
  return [
    `## ${run.name}`,
    "",
    run.scenario.description,
    "",
    "```sh",
    `npx hardhat cascade --scenario ${run.name}`,
    "```",
    "",
    `${spec.borrowersPerChain} borrowers per chain, ${spec.durationSec} s (${s.ticks} ticks), seed ${spec.seed}; ` +
      `bridge delay ${bridge.delayBlocks} source blocks` +
      (bridge.delaySeconds ? ` + ${bridge.delaySeconds} s` : "") +
      (bridge.halt ? `, halted ${bridge.halt.fromSec}–${bridge.halt.untilSec} s` : "") +
      `, B prices the bridged asset at ${bridge.wrappedFeed}` +
      (spec.systemRisk ? ", systemic-risk oracle on" : "") +
      ".",
    "",
    mdTable(
      ["", "A, with the crash", "B, with the crash", "A, without", "B, without"],
      [
        [
          "liquidations",
          ...[s.chains[0], s.chains[1], s.withoutCrash.A, s.withoutCrash.B].map((x) => String(x.liquidations)),
        ],
        [
          "bad debt (USDC)",
          ...[s.chains[0], s.chains[1], s.withoutCrash.A, s.withoutCrash.B].map((x) => whole(x.badDebt)),
        ],
        [
          "underwater at the end (USDC)",
          ...[s.chains[0], s.chains[1], s.withoutCrash.A, s.withoutCrash.B].map((x) => whole(x.underwater)),
        ],
        [
          "lowest AMM price",
          ...[s.chains[0], s.chains[1], s.withoutCrash.A, s.withoutCrash.B].map((x) => whole(x.minAmmPrice)),
        ],
      ],
    ),
    "",
    w
      ? `Whale: ${fixed(w.pulled, 1)} tokens pulled from B at ${whole(w.pulledAtSec)} s, ` +
        (w.depositedAtSec === null ? "not home by the end" : `home at ${whole(w.depositedAtSec)} s`) +
        (w.liquidatedOnA ? ", liquidated on A" : "") +
        (w.liquidatedOnB ? ", liquidated on B" : "") +
        `. Bridge books ${s.bridge.conserved ? "balance" : "DO NOT balance"}.`
      : `Bridge books ${s.bridge.conserved ? "balance" : "DO NOT balance"}.`,
    "",
  ];
}

/** The block (markers included). */
export function chainsDocBlock(runs: readonly ChainRun[]): string {
  return [
    START,
    "## Two-chain presets (scenarios/chains)",
    "",
    "Each preset runs on two in-process chains (A: 12 s blocks, B: 2 s blocks) stepped by one clock, once with the",
    'crash on A and once without it; "caused by A" is the first run minus the second. Delay: first liquidation on B',
    "minus first on A, seconds (negative: B first). docs/cross-chain.md explains the model and its parameters.",
    "",
    mdTable(
      [
        "preset",
        "borrowers per chain",
        "seconds",
        "liquidations on A",
        "liquidations on B",
        "bad debt on B caused by A (USDC)",
        "underwater on B caused by A (USDC)",
        "liquidations on B caused by A",
        "first liquidation on A (s)",
        "first on B (s)",
        "delay B − A (s)",
      ],
      runs.map(row),
    ),
    "",
    ...runs.flatMap(section),
    END,
  ].join("\n");
}

/** `text` with its chains block replaced by `block` (appended when absent). */
export function replaceChainsBlock(text: string, block: string): string {
  const i = text.indexOf(START);
  const j = text.indexOf(END);
  if (i < 0 || j < i) return `${text.trimEnd()}\n\n${block}\n`;
  return text.slice(0, i) + block + text.slice(j + END.length);
}

async function main() {
  const hre = (await import("hardhat")).default;
  const doc = path.join(ROOT, "docs", "SCENARIOS.md");
  const block = chainsDocBlock(await runChainPresets(hre, (n) => process.stderr.write(`${n}…\n`)));
  fs.writeFileSync(doc, replaceChainsBlock(fs.readFileSync(doc, "utf8"), block));
  process.stderr.write("docs/SCENARIOS.md: two-chain block regenerated\n");
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
