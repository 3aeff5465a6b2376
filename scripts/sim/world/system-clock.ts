/**
 * Starting the clock of a system world (automine off, explicit timestamps): seeds every asset's TWAP, publishes every
 * feed's first answer and waits out the longest latency, records the floor guards' first rounds, then opens every
 * market's positions — its populations' baskets, then the entities' positions — through the position opener.
 */
import type { LabAdapter } from "../../adapters/lab/adapter";
import { ScenarioError } from "../scenario";
import { fromFixedUnits, toFixedUnits } from "../wad";
import { agentAddress } from "./accounts";
import { clockStart } from "./clock";
import { basketPositions, entityPosition, type BasketContext, type BasketPosition } from "./basket";
import { mineChecked } from "./open-positions";
import { FEED_DECIMALS, type Address, type World } from "./types";

const ETHER = 10n ** 18n;
const PIN = { gasLimit: 300_000 };

export async function startSystemClock(world: World, startAt: number): Promise<number> {
  const { chain } = world;
  const sys = world.system!;
  const t0 = sys.topology;
  await chain.setAutomine(false);
  let t = clockStart((await chain.latestBlock()).timestamp, startAt);
  await chain.mine(t);
  const withTwap = world.assets.filter((a) => a.twap);
  if (withTwap.length > 0) {
    const window = Math.max(
      60,
      ...t0.assets.filter((_, k) => world.assets[k].twap).map((a) => a.oracle.twapWindowSeconds),
    );
    await chain.mine((t += 1));
    const first = await Promise.all(withTwap.map((a) => a.twap!.update(PIN)));
    await mineChecked(
      chain,
      (t += 1),
      first.map((x) => x.hash),
      "twap",
    );
    const second = await Promise.all(withTwap.map((a) => a.twap!.update(PIN)));
    await mineChecked(
      chain,
      (t += window + 1),
      second.map((x) => x.hash),
      "twap",
    );
  }
  const submits: string[] = [];
  for (const [k, a] of world.assets.entries()) {
    const updater = sys.slices[sys.assetSlice[k]].world.oracleUpdater;
    const tx = await a.feed.connect(updater.signer).submit(toFixedUnits(sys.paths[k][0], FEED_DECIMALS), t, PIN);
    submits.push(tx.hash);
  }
  await mineChecked(chain, (t += 1), submits, "oracle");
  t += Math.max(...t0.assets.map((a) => a.oracle.latencySeconds));
  const blocks = Math.max(...t0.assets.map((a) => a.oracle.latencyBlocks));
  for (let i = 0; i <= blocks; i++) await chain.mine((t += 1));
  const guarded = world.assets.filter((a) => a.boundedFeed);
  if (guarded.length > 0) {
    const recorded = await Promise.all(guarded.map((a) => a.boundedFeed!.record(PIN)));
    await mineChecked(
      chain,
      (t += 1),
      recorded.map((x) => x.hash),
      "floor guard",
    );
  }

  const prices = new Map(t0.assets.map((a, k) => [a.id, sys.paths[k][0]]));
  for (const [j, m] of t0.markets.entries()) {
    const ctx: BasketContext = {
      assets: t0.assets,
      collaterals: m.collaterals,
      prices,
      debtDecimals: t0.debt.decimals,
    };
    const addresses: Address[] = [];
    const positions: BasketPosition[] = [];
    for (const p of m.borrowers) {
      basketPositions(p, ctx).forEach((b, i) => {
        addresses.push(agentAddress(world.hre, `borrower/${m.id}/${p.id}/${i}`));
        positions.push(b);
      });
    }
    for (const e of t0.entities) {
      const at = e.positions.find((p) => p.market === m.id);
      if (!at) continue;
      addresses.push(agentAddress(world.hre, `entity/${e.id}`));
      positions.push(entityPosition(at, ctx));
    }
    const debt = positions.reduce((acc, p) => acc + p.debt, 0n);
    if (debt > toFixedUnits(m.lenderSupply, t0.debt.decimals)) {
      throw new ScenarioError("scenario", [
        `markets.${m.id}: its positions borrow ${fromFixedUnits(debt, t0.debt.decimals)} debt tokens, more than the ` +
          `${m.lenderSupply} its lenders supply (raise lenderSupply, or lower the populations' count/size)`,
      ]);
    }
    sys.accounts[j].push(...addresses);
    t = await openBaskets(
      world,
      world.markets[j].lab,
      m.collaterals.map((c) => c.asset),
      addresses,
      positions,
      t,
    );
  }
  return t;
}

/**
 * Opens basket positions on `pool`: every account authorises the opener; then, one collateral at a time (the debt
 * with the first listed one each position holds, opened last), the admin mints the total and the opener deposits (and at last borrows) in batches.
 */
async function openBaskets(
  world: World,
  lab: LabAdapter,
  assetIds: readonly string[],
  addresses: readonly Address[],
  positions: readonly BasketPosition[],
  t: number,
): Promise<number> {
  const { chain, hre } = world;
  if (addresses.length === 0) return t;
  const poolAddress = lab.address;
  const setAuth = lab.interface.encodeFunctionData("setAuthorization", [world.opener, true]);
  for (const a of addresses) {
    await chain.impersonate(a);
    await chain.setBalance(a, 10n * ETHER);
  }
  const CHUNK = 10;
  for (let i = 0; i < addresses.length; i += CHUNK) {
    const hashes: string[] = [];
    for (const from of addresses.slice(i, i + CHUNK)) {
      hashes.push(
        await chain.send<string>("eth_sendTransaction", [{ from, to: poolAddress, data: setAuth, gas: "0x186a0" }]),
      );
    }
    await mineChecked(chain, (t += 1), hashes, "authorisations");
  }
  const admin = world.deployer;
  const opener = await hre.ethers.getContractAt("PositionOpener", world.opener, admin.signer);
  const ids = world.system!.topology.assets.map((a) => a.id);
  // Each position borrows with the deposit of the first listed collateral it holds, which is opened last.
  const debtAsset = positions.map((p) => assetIds.find((id) => (p.collateral.get(id) ?? 0n) > 0n));
  for (const id of [...assetIds].reverse()) {
    const token = world.assets[ids.indexOf(id)].token;
    const rows = addresses
      .map((a, i) => ({ a, c: positions[i].collateral.get(id) ?? 0n, d: debtAsset[i] === id ? positions[i].debt : 0n }))
      .filter((r) => r.c > 0n || r.d > 0n);
    if (rows.length === 0) continue;
    const total = rows.reduce((acc, r) => acc + r.c, 0n);
    const mint = await token.connect(admin.signer).mint(admin.address, total, { gasLimit: 100_000 });
    const approve = await token.connect(admin.signer).approve(world.opener, total, { gasLimit: 100_000 });
    await mineChecked(chain, (t += 1), [mint.hash, approve.hash], "collateral");
    // Each position's borrow values every collateral it holds: fewer positions a transaction than a single-asset world.
    const BATCH = 10;
    const PER_BLOCK = 4;
    for (let i = 0; i < rows.length; i += BATCH * PER_BLOCK) {
      const hashes: string[] = [];
      for (let j = i; j < Math.min(rows.length, i + BATCH * PER_BLOCK); j += BATCH) {
        const slice = rows.slice(j, j + BATCH);
        const tx = await opener.open(
          poolAddress,
          await token.getAddress(),
          slice.map((r) => r.a),
          slice.map((r) => r.c),
          slice.map((r) => r.d),
          { gasLimit: 8_000_000 },
        );
        hashes.push(tx.hash);
      }
      await mineChecked(chain, (t += 1), hashes, "positions");
    }
  }
  return t;
}
