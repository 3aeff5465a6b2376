/**
 * The keepers of the scenario's `keepers[]` groups (`count` each, named `keeper/<strategy>/<group>.<k>`), funded
 * with their group's `capital` in debt tokens and approvals on the market, the router and the auction liquidator.
 * Each starts the run with exactly its `gasBudget` of native token. One AtomicLiquidator serves every atomic keeper.
 */
import { Keeper } from "./keeper";
import type { AgentFactory, AgentSetup } from "./types";
import { SETUP_GAS, UNLIMITED } from "./types";
import { makeAgent } from "../sim/world/accounts";

/** Keeper strategies whose fixed-bonus liquidations go through AtomicLiquidator with `execution: atomic`. */
const ATOMIC_STRATEGIES = new Set(["fixed-bonus", "gas-bidder", "oracle-backrunner"]);
/** Gas limit for deploying a keeper contract during setup (instrumented bytecode, in the coverage gate, needs more than 2M). */
const DEPLOY_GAS = { gasLimit: 10_000_000 };

export const keeperSetup: AgentFactory = {
  kind: "keeper",
  rank: 50,
  shuffled: true,
  create: (setup) => createKeepers(setup),
};

/**
 * The keepers of `setup.world.scenario.keepers`, named `keeper/<strategy>/<group>.<k><suffix>` (a system world gives
 * each slice its own suffix, `/<market>/<asset>`, so each is its own account).
 */
export async function createKeepers({ world, hashes, balances }: AgentSetup, suffix = ""): Promise<Keeper[]> {
  const s = world.scenario;
  const admin = world.deployer.signer;
  const legacy = s.keeperModel === "legacy";
  // One stateless AtomicLiquidator serves every atomic keeper (it only moves its caller's own funds); deployed only
  // when some keeper liquidates atomically, so that other runs keep their addresses.
  let atomicAddress = "";
  if (!legacy && s.keepers.some((g) => g.execution === "atomic" && ATOMIC_STRATEGIES.has(g.strategy))) {
    // On another protocol's market (`market.protocol`) the atomic contract calls the adapter's liquidation calldata.
    const contract = world.market.protocol === "lab" ? "AtomicLiquidator" : "AdapterLiquidator";
    const factory = await world.hre.ethers.getContractFactory(contract, admin);
    const atomic = await factory.deploy(DEPLOY_GAS);
    hashes.push(atomic.deploymentTransaction()!.hash);
    atomicAddress = await atomic.getAddress();
  }
  // The protocol's own spenders (its liquidation entry point) on another protocol's market.
  const adapterSpenders = world.market.protocol === "lab" ? [] : (await world.market.approvals()).map((a) => a.spender);
  const keepers: Keeper[] = [];
  for (const [g, group] of s.keepers.entries()) {
    for (let k = 0; k < group.count; k++) {
      const name = `keeper/${group.strategy}/${g}.${k}${suffix}`;
      const me = await makeAgent(world.hre, world.chain, name, 1n);
      const capital = BigInt(Math.round(group.capital)) * 10n ** BigInt(world.debtDecimals);
      if (capital > 0n) hashes.push((await world.debt.connect(admin).mint(me.address, capital, SETUP_GAS)).hash);
      for (const spender of [
        world.addresses.pool,
        world.addresses.router,
        world.addresses.auctions,
        ...adapterSpenders,
      ]) {
        if (!spender) continue;
        hashes.push((await world.debt.connect(me.signer).approve(spender, UNLIMITED, SETUP_GAS)).hash);
        hashes.push((await world.collateral.connect(me.signer).approve(spender, UNLIMITED, SETUP_GAS)).hash);
      }
      if (atomicAddress && group.execution === "atomic" && capital > 0n) {
        hashes.push((await world.debt.connect(me.signer).approve(atomicAddress, UNLIMITED, SETUP_GAS)).hash);
      }
      keepers.push(new Keeper(name, me, group, atomicAddress, legacy));
      // 1 ETH was lent for the approvals above; the budget replaces it after the setup block.
      balances.push([me.address, BigInt(Math.round(group.gasBudget * 1e6)) * 10n ** 12n]);
    }
  }
  return keepers;
}
