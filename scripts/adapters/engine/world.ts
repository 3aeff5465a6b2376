/**
 * The cascade engine on another protocol's market (issue 17, `market.protocol` other than "lab"): the world's two
 * setup phases, as `runScenario` takes them. `buildAdapterWorld` builds the lab's world as usual (tokens, AMM, lagged
 * feed, keeper helpers: the same addresses), then deploys the protocol's market from its `DeployMarket` on the same
 * tokens and the same feed the lab's market reads (so oracle latency applies unchanged) and supplies the lenders
 * there. `startAdapterClock` starts the clock as the lab's does and opens the same population on that market through
 * the adapter's own transactions. The lab's LendingPool stays deployed, empty: nothing borrows from it.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { toQuantity, type TransactionRequest } from "ethers";
import { ScenarioError, type Scenario } from "../../sim/scenario";
import { buildWorld } from "../../sim/world/build";
import { startClock } from "../../sim/world/clock";
import { agentAddress } from "../../sim/world/accounts";
import { mineChecked } from "../../sim/world/open-positions";
import { toFixedUnits, toWad } from "../../sim/wad";
import type { Borrower } from "../../sim/population";
import type { World } from "../../sim/world/types";
import { deployerOf } from "../registry";
import type { MarketAdapter, ProtocolKind } from "../market-adapter";

const ETHER = 10n ** 18n;
/** Gas pinned per opening transaction (sent with automine off: estimating would run before the deposit is mined). */
const OPEN_GAS = 1_000_000;
/** Borrowers opened per block. */
const CHUNK = 10;
const KEEPER_STRATEGIES = new Set(["fixed-bonus", "gas-bidder", "oracle-backrunner"]);

/** The protocol of the scenario's market ("lab" when `market.protocol` is absent). */
export function protocolOf(s: Scenario): ProtocolKind {
  return s.market.protocol ?? "lab";
}

/**
 * What a market of another protocol cannot run yet, one line per field: the lab's own mechanisms (auctions, risk
 * controls, a second collateral, the attacker and exploiter that target the lab pool) and the flash or auction keepers.
 */
export function adapterProblems(s: Scenario): string[] {
  const p = protocolOf(s);
  if (p === "lab") return [];
  const out: string[] = [];
  const no = (field: string, value: unknown, allowed: string) =>
    out.push(`${field}: ${JSON.stringify(value)} is not supported with market.protocol "${p}" (allowed: ${allowed})`);
  if (s.liquidation.mechanism !== "fixed-bonus") no("liquidation.mechanism", s.liquidation.mechanism, '"fixed-bonus"');
  if (s.oracle.source === "amm-spot-live") no("oracle.source", s.oracle.source, "a lagged source");
  if (s.oracle.floorGuard.enabled) no("oracle.floorGuard.enabled", true, "false");
  if (s.riskControls.circuitBreaker.enabled) no("riskControls.circuitBreaker.enabled", true, "false");
  if (s.riskControls.dynamicRisk.enabled) no("riskControls.dynamicRisk.enabled", true, "false");
  if (s.attack.enabled) no("attack.enabled", true, "false");
  if (s.exploiter.enabled) no("exploiter.enabled", true, "false");
  if (s.keeperModel === "legacy") no("keeperModel", s.keeperModel, '"current"');
  s.keepers.forEach((k, i) => {
    if (!KEEPER_STRATEGIES.has(k.strategy)) no(`keepers[${i}].strategy`, k.strategy, [...KEEPER_STRATEGIES].join(", "));
  });
  return out;
}

/** Throws the scenario's problems with another protocol as one `ScenarioError` (before anything is deployed). */
export function assertAdapterRunnable(s: Scenario): void {
  const problems = adapterProblems(s);
  if (problems.length) throw new ScenarioError("scenario", problems);
}

/** `buildWorld`, then the scenario's protocol market on the same tokens and feed, its lenders supplied. */
export async function buildAdapterWorld(hre: HardhatRuntimeEnvironment, s: Scenario, initialPrice: number) {
  assertAdapterRunnable(s);
  const world = await buildWorld(hre, s, initialPrice);
  const protocol = protocolOf(s);
  const deploy = await deployerOf(protocol);
  const c = s.market.collateral;
  const adapter = await deploy(hre, {
    market: "main",
    admin: world.deployer.signer,
    debtToken: world.addresses.debt,
    collateralToken: world.addresses.collateral,
    collateralFeed: world.addresses.marketFeed,
    ltvWad: toWad(c.ltv),
    liquidationThresholdWad: toWad(c.liquidationThreshold),
    liquidationBonusBps: c.liquidationBonusBps,
  });
  const supply = toFixedUnits(s.market.lenderSupply, world.debtDecimals);
  await (await world.debt.connect(world.deployer.signer).mint(world.deployer.address, supply)).wait();
  await adapter.supply(world.deployer.signer, supply);
  world.market = adapter;
  return world;
}

/** The adapter of an adapter world (throws on a lab world). */
export function adapterOf(world: World): MarketAdapter {
  if (world.market.protocol === "lab") throw new Error("not a world built by buildAdapterWorld");
  return world.market;
}

/**
 * `startClock` with no lab positions, then the population opened on the protocol's market: collateral minted to each
 * borrower, then each borrower's own approve, deposit and borrow (`openTxs`), CHUNK borrowers a block. Returns the
 * timestamp of the last block mined.
 */
export async function startAdapterClock(
  world: World,
  borrowers: readonly Borrower[],
  initialPrice: number,
  startAt: number,
): Promise<number> {
  const adapter = adapterOf(world);
  const { chain, hre } = world;
  let t = await startClock(world, [], initialPrice, startAt);
  world.borrowers = borrowers.map((b) => agentAddress(hre, `borrower/${b.index}`));
  for (const address of world.borrowers) {
    await chain.impersonate(address);
    await chain.setBalance(address, 10n * ETHER);
  }
  const admin = world.deployer;
  const mints: string[] = [];
  let nonce = await hre.ethers.provider.getTransactionCount(admin.address, "pending");
  for (const [i, b] of borrowers.entries()) {
    const tx = await world.collateral
      .connect(admin.signer)
      .mint(world.borrowers[i], b.collateral, { gasLimit: 100_000, nonce: nonce++ });
    mints.push(tx.hash);
  }
  await mineChecked(chain, (t += 1), mints, "collateral");
  for (let i = 0; i < borrowers.length; i += CHUNK) {
    const hashes: string[] = [];
    for (let j = i; j < Math.min(borrowers.length, i + CHUNK); j++) {
      const txs = await adapter.openTxs(
        world.borrowers[j],
        world.addresses.collateral,
        borrowers[j].collateral,
        borrowers[j].debt,
      );
      for (const [n, tx] of txs.entries()) hashes.push(await send(world, tx, n));
    }
    await mineChecked(chain, (t += 1), hashes, `positions on ${adapter.protocol}`);
  }
  return t;
}

/** Sends `tx` from its (impersonated) sender with nonce `nonce` and a pinned gas limit. */
function send(world: World, tx: TransactionRequest, nonce: number): Promise<string> {
  return world.chain.send<string>("eth_sendTransaction", [
    { from: tx.from, to: tx.to, data: tx.data, gas: toQuantity(OPEN_GAS), nonce: toQuantity(nonce) },
  ]);
}

/** The world's setup phases for the scenario's protocol (null for the lab: `runScenario` uses its own). */
export function adapterPhases(
  s: Scenario,
): { build: typeof buildAdapterWorld; start: typeof startAdapterClock } | null {
  return protocolOf(s) === "lab" ? null : { build: buildAdapterWorld, start: startAdapterClock };
}
