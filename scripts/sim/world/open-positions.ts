/** Opening a population's positions in batches, and mining a setup block whose transactions must all succeed. */
import type { MockERC20 } from "../../../typechain-types";
import type { LabAdapter } from "../../adapters/lab/adapter";
import type { Chain } from "../chain";
import type { Borrower } from "../population";
import type { Address, World } from "./types";

const ETHER = 10n ** 18n;

/** Mines one block at an explicit timestamp and checks that every transaction sent for it succeeded. */
export async function mineChecked(chain: Chain, timestamp: number, hashes: string[], what: string) {
  await chain.mine(timestamp);
  for (const hash of hashes) {
    const r = await chain.receipt(hash);
    if (!r) throw new Error(`setup (${what}): transaction ${hash} was not mined`);
    if (r.status !== 1) throw new Error(`setup (${what}): transaction ${hash} reverted`);
  }
}

/**
 * Opens positions for `addresses` (one per borrower, in order) on `pool` against `collateral`: funds the accounts,
 * has them authorise the opener (one small transaction each), then the opener deposits and borrows in batches.
 * Returns the timestamp of the last block mined.
 */
export async function openPositions(
  world: Pick<World, "hre" | "chain" | "deployer" | "opener">,
  lab: LabAdapter,
  collateral: MockERC20,
  addresses: readonly Address[],
  borrowers: readonly Borrower[],
  t: number,
): Promise<number> {
  const { hre, chain } = world;
  if (!addresses.length) return t;
  const poolAddress = lab.address;
  const setAuth = lab.interface.encodeFunctionData("setAuthorization", [world.opener, true]);
  // Fund first, with an empty mempool: every balance change makes the node revalidate what is pending.
  for (const address of addresses) {
    await chain.impersonate(address);
    await chain.setBalance(address, 10n * ETHER);
  }
  // Then authorise in blocks of 10: sending into the mempool costs time linear in its size, so the whole step is
  // quadratic in the chunk (1,000 borrowers: 7.3 s in blocks of 100, 1.3 s in blocks of 10, 25 s in blocks of 400).
  const CHUNK = 10;
  for (let i = 0; i < addresses.length; i += CHUNK) {
    const hashes: string[] = [];
    for (const address of addresses.slice(i, i + CHUNK)) {
      hashes.push(
        await chain.send<string>("eth_sendTransaction", [
          { from: address, to: poolAddress, data: setAuth, gas: "0x186a0" },
        ]),
      );
    }
    await mineChecked(chain, (t += 1), hashes, "authorisations");
  }
  const total = borrowers.reduce((a, b) => a + b.collateral, 0n);
  const admin = world.deployer;
  const mint = await collateral.connect(admin.signer).mint(admin.address, total, { gasLimit: 100_000 });
  const approve = await collateral.connect(admin.signer).approve(world.opener, total, { gasLimit: 100_000 });
  await mineChecked(chain, (t += 1), [mint.hash, approve.hash], "collateral");
  const opener = await hre.ethers.getContractAt("PositionOpener", world.opener, admin.signer);
  // 25 positions a transaction, four transactions a block. The node keeps a trace of each transaction while it runs
  // it: one 100-position transaction (~25M gas) raised the process's peak memory by ~1.2 GB, four of 25 by ~0.3 GB.
  const BATCH = 25;
  const PER_BLOCK = 4;
  for (let i = 0; i < borrowers.length; i += BATCH * PER_BLOCK) {
    const hashes: string[] = [];
    for (let j = i; j < Math.min(borrowers.length, i + BATCH * PER_BLOCK); j += BATCH) {
      const slice = borrowers.slice(j, j + BATCH);
      const tx = await opener.open(
        poolAddress,
        await collateral.getAddress(),
        addresses.slice(j, j + BATCH),
        slice.map((b) => b.collateral),
        slice.map((b) => b.debt),
        { gasLimit: 8_000_000 },
      );
      hashes.push(tx.hash);
    }
    await mineChecked(chain, (t += 1), hashes, "positions");
  }
  return t;
}
