/**
 * The sweep's one door into the engine: loads a scenario with the sweep's overrides exactly as `npx hardhat cascade`
 * does, runs it with `runScenario`, and keeps a built world for the next run when their deployments are the same
 * (evm_snapshot / evm_revert). Every engine, scenario and report import of scripts/sweep is here, so that a moved
 * import is fixed in one place.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { loadScenarioFile, type Scenario } from "../sim/scenario";
import { runScenario } from "../sim/engine";
import { toJson } from "../sim/metrics";
import * as worldModule from "../sim/world/setup";
import type { World } from "../sim/world/types";
import { setupGasLimit } from "../sim/world/setup-gas";
import { writeRun } from "../report/write-run";
import { resolveScenarioPath } from "../tasks/cascade";
import { runMeasures, type Measures } from "./measures";

export type { Scenario };
export { resolveScenarioPath };

/** Hex digits of sha-256 kept in a run id (64 bits: no collision in any sweep a machine can run). */
const HASH_DIGITS = 16;

/**
 * The scenario of one run: `--set` overrides of the sweep, then the cell's, then the seed — the order in which
 * `cascade --set … --seed …` applies them, so the run is the cascade run.
 */
export function runScenarioOf(file: string, sets: readonly string[], cell: readonly string[], seed: string): Scenario {
  return loadScenarioFile(file, [...sets, ...cell, `seed=${JSON.stringify(seed)}`]);
}

function sha(text: string): string {
  return crypto.createHash("sha256").update(text).digest("hex").slice(0, HASH_DIGITS);
}

/** Hash of the resolved scenario without its seed: the same for every seed of a cell. */
export function cellHash(s: Scenario): string {
  const { seed: _seed, ...rest } = s;
  return sha(toJson(rest));
}

/** The run id: `<hash of the resolved scenario without its seed>-<seed>`; also the BullMQ job id. */
export function runIdOf(s: Scenario): string {
  return `${cellHash(s)}-${s.seed}`;
}

/**
 * What `buildWorld` depends on: the scenario minus the fields only later phases read (population, agents, path,
 * seed, length), plus the initial price.
 */
export function deploymentKey(s: Scenario, initialPrice: number): string {
  const {
    name: _n,
    description: _d,
    borrowers: _b,
    keepers: _k,
    arbitrage: _a,
    externalMarket: _e,
    path: _p,
    ...rest
  } = s;
  const { seed: _s, blocks: _l, ...deployment } = rest;
  void _s;
  void _l;
  return toJson({ initialPrice, ...deployment });
}

interface Cached {
  key: string;
  snapshot: string;
  world: World;
}

/** A world with its population open: snapshot after `startClock`, the borrowers' addresses, the clock it returned. */
interface Opened {
  key: string;
  snapshot: string;
  borrowers: string[];
  t: number;
}

/**
 * Reuses built worlds inside one process: the first run of a deployment builds it and snapshots the chain; a later
 * run with the same deployment key reverts to that snapshot instead of deploying again; a different key resets the
 * chain (hardhat_reset) so that every run starts from the state a fresh `cascade` process starts from. When the
 * population is the same too (a fixed `borrowers.seed`), the run reverts to the snapshot taken after the positions
 * were opened. The revert after deployment is deferred to `startClock`, because reverting to the deployment snapshot
 * would drop the later one.
 */
export class WorldReuse {
  private cached: Cached | null = null;
  private opened: Opened | null = null;
  /** A run reused the deployment and has not reverted yet (startClock does it). */
  private pendingRevert = false;
  private used = false;
  /** Runs that reverted to a kept world (and of those, to one with its positions open), and worlds built. */
  reused = 0;
  reusedOpen = 0;
  built = 0;

  constructor(private readonly hre: HardhatRuntimeEnvironment) {}

  private send<T>(method: string, params: unknown[] = []): Promise<T> {
    return this.hre.network.provider.send(method, params) as Promise<T>;
  }

  /** The replacement for `buildWorld` while a run is in progress. */
  async build(s: Scenario, initialPrice: number, realBuild: typeof worldModule.buildWorld): Promise<World> {
    const key = deploymentKey(s, initialPrice);
    if (this.pendingRevert) throw new Error("world reuse: buildWorld was not followed by startClock");
    if (this.cached && this.cached.key === key) {
      this.pendingRevert = true;
      this.reused += 1;
      const w = this.cached.world;
      return { ...w, scenario: s, borrowers: [...w.borrowers], addresses: { ...w.addresses } };
    }
    if (this.used) await this.send("hardhat_reset", []);
    this.used = true;
    this.opened = null;
    const world = await realBuild(this.hre, s, initialPrice);
    this.built += 1;
    this.cached = {
      key,
      snapshot: await this.send<string>("evm_snapshot"),
      world: { ...world, borrowers: [...world.borrowers], addresses: { ...world.addresses } },
    };
    return world;
  }

  /** Reverts to the deployment snapshot: the chain as buildWorld left it. */
  private async revertToDeployment(s: Scenario) {
    const cached = this.cached!;
    if (!(await this.send<boolean>("evm_revert", [cached.snapshot]))) throw new Error("evm_revert refused");
    cached.snapshot = await this.send<string>("evm_snapshot");
    // Not part of a snapshot: what buildWorld leaves set when it returns.
    await this.send("evm_setAutomine", [true]);
    // The limit `buildWorld` sets while it deploys and opens positions (the engine sets the scenario's afterwards).
    await this.send("evm_setBlockGasLimit", ["0x" + setupGasLimit(this.hre, s.chain.blockGasLimit).toString(16)]);
  }

  /** The replacement for `startClock`: reverts to the opened population when it is the same, else opens it. */
  async open(
    world: World,
    borrowers: Parameters<typeof worldModule.startClock>[1],
    initialPrice: number,
    startAt: number,
    realStart: typeof worldModule.startClock,
  ): Promise<number> {
    const key = toJson({ deployment: this.cached?.key, borrowers, initialPrice, startAt });
    const reusing = this.pendingRevert;
    this.pendingRevert = false;
    if (reusing && this.opened && this.opened.key === key) {
      if (!(await this.send<boolean>("evm_revert", [this.opened.snapshot]))) throw new Error("evm_revert refused");
      this.opened.snapshot = await this.send<string>("evm_snapshot");
      await this.send("evm_setAutomine", [false]); // startClock leaves automine off
      world.borrowers = [...this.opened.borrowers];
      this.reusedOpen += 1;
      return this.opened.t;
    }
    if (reusing) await this.revertToDeployment(world.scenario);
    const t = await realStart(world, borrowers, initialPrice, startAt);
    this.opened = { key, snapshot: await this.send<string>("evm_snapshot"), borrowers: [...world.borrowers], t };
    return t;
  }

  /** Throws when a run reused a deployment but never reverted it (the engine's setup order changed). */
  checkSettled() {
    if (this.pendingRevert) throw new Error("world reuse: buildWorld was not followed by startClock");
  }

  /** Forgets the kept world (the next run deploys from a fresh chain). */
  async forget() {
    this.cached = null;
    this.opened = null;
    this.pendingRevert = false;
    if (this.used) await this.send("hardhat_reset", []);
    this.used = false;
  }
}

export interface OneRun {
  measures: Measures;
  /** summary.json as `cascade` writes it, without its generatedAt line. */
  summaryBody: string;
  /** The run's own output folder (with keepRuns), else null. */
  dir: string | null;
}

/**
 * Runs one scenario; with `reuse`, the engine's two world phases (`buildWorld`, `startClock`) go through it for this
 * run (passed as `RunOptions.world`).
 */
export async function runOne(
  hre: HardhatRuntimeEnvironment,
  s: Scenario,
  scenarioFile: string,
  opts: { reuse?: WorldReuse; keepRunsDir?: string } = {},
): Promise<OneRun> {
  const scenarioDir = path.dirname(path.resolve(scenarioFile));
  const reuse = opts.reuse;
  const world = reuse
    ? {
        build: ((_h, sc, price) => reuse.build(sc, price, worldModule.buildWorld)) as typeof worldModule.buildWorld,
        start: ((w, b, price, at) =>
          reuse.open(w, b, price, at, worldModule.startClock)) as typeof worldModule.startClock,
      }
    : undefined;
  let result;
  try {
    result = await runScenario(hre, s, {
      readCsv: (f) => fs.readFileSync(path.resolve(scenarioDir, f), "utf8"),
      world,
    });
    reuse?.checkSettled();
  } catch (e) {
    // A failed run may leave the chain anywhere: build the next world from scratch.
    await reuse?.forget();
    throw e;
  }
  let dir: string | null = null;
  if (opts.keepRunsDir) {
    fs.rmSync(opts.keepRunsDir, { recursive: true, force: true });
    dir = writeRun(
      {
        scenario: s,
        summary: result.summary,
        blocks: result.blocks,
        liquidations: result.liquidations,
        positions: result.positions,
      },
      {
        outDir: opts.keepRunsDir,
        extraFiles: result.attack ? [{ name: "attack.json", content: JSON.stringify(result.attack, null, 2) }] : [],
      },
    );
  }
  return {
    measures: runMeasures(result.summary, s.tokens.debt.decimals),
    summaryBody: toJson({ scenario: s.name, seed: s.seed, ...result.summary }),
    dir,
  };
}
