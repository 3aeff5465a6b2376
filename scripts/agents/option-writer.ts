/**
 * Option writers (issue 20): a population short puts on the options venue, like the borrowers' population of the
 * lending market. Setup creates the put series (`options.strikes` × the initial price, expiring `options.expiryDays`
 * after the run's start) and has each writer deposit full cover; in block 0 each writes its puts (to a buyer who
 * holds the longs), in block 1 it withdraws down to its drawn multiple of the initial margin. From then on it holds:
 * when the fall puts it under maintenance, the auction keeper (option-auction-keeper.ts) liquidates it.
 */
import { gwei } from "../sim/chain";
import { Rng } from "../sim/random";
import { toFixedUnits } from "../sim/wad";
import { agentAddress, makeAgent } from "../sim/world/accounts";
import type { Agent, World } from "../sim/world/types";
import { optionsLedger } from "../derivatives/engine/options-ledger";
import { toWad } from "../derivatives/engine/build";
import type { AgentFactory, AgentSetup, MinedContext, MinedTx, SentTx, SimAgent, View } from "./types";
import { SETUP_GAS, UNLIMITED } from "./types";

const WAD = 10n ** 18n;
const WRITE_GAS = 1_000_000;
export const fees = (view: View) => ({ maxPriorityFeePerGas: gwei(1), maxFeePerGas: view.baseFee * 2n + gwei(1) });

/** The account that buys every long written (it only holds them: no agent acts for it). */
export const optionBuyer = (world: World) => agentAddress(world.hre, "option-buyer");

/**
 * An account short puts: writes `legs` in block 0 and withdraws down to `marginMultiple` × its initial margin in
 * block 1 (the dealer adds its hedging on top, option-dealer.ts).
 */
export class OptionWriter implements SimAgent {
  readonly keeper = false;

  constructor(
    readonly name: string,
    protected readonly me: Agent,
    protected readonly legs: readonly { id: bigint; units: bigint }[],
    private readonly marginMultiple: number,
  ) {}

  async act(view: View, world: World): Promise<SentTx[]> {
    const venue = world.derivatives!.options!.venue.connect(this.me.signer);
    const sent = (hash: string): SentTx => ({
      hash,
      agent: this.name,
      kind: "option-write",
      keeper: false,
      sentBlock: view.block,
    });
    if (view.block === 0) {
      const out: SentTx[] = [];
      for (const leg of this.legs) {
        const tx = await venue.write(leg.id, leg.units, optionBuyer(world), { gasLimit: WRITE_GAS, ...fees(view) });
        out.push(sent(tx.hash));
      }
      return out;
    }
    if (view.block === 1) {
      const m = await venue.marginState(this.me.address);
      // A hair above the multiple: the requirement moves with the block's time and the feed.
      const keep = (m.initial * toWad(this.marginMultiple * 1.001)) / WAD + 1n;
      if (m.cash <= keep) return [];
      const tx = await venue.withdraw(m.cash - keep, { gasLimit: WRITE_GAS, ...fees(view) });
      return [sent(tx.hash)];
    }
    return [];
  }

  onMined({ receipt }: MinedTx, { world }: MinedContext): void {
    if (receipt.status !== 1) return;
    const venue = world.derivatives!.options!.venue;
    for (const log of receipt.logs) {
      const parsed = venue.interface.parseLog(log);
      if (parsed?.name !== "Written") continue;
      const l = optionsLedger(world);
      if (this.name === "option-dealer") l.writtenDealer += parsed.args.amount;
      else l.writtenWriters += parsed.args.amount;
    }
  }
}

/** Funds `me` with `cover` debt tokens deposited on the venue (setup transactions, all from `me`). */
export async function depositCover(world: World, me: Agent, cover: bigint, hashes: string[]): Promise<void> {
  const venue = await world.derivatives!.options!.venue.getAddress();
  hashes.push((await world.debt.connect(me.signer).mint(me.address, cover, SETUP_GAS)).hash);
  hashes.push((await world.debt.connect(me.signer).approve(venue, UNLIMITED, SETUP_GAS)).hash);
  const deposit = await world.derivatives!.options!.venue.connect(me.signer).deposit(me.address, cover, SETUP_GAS);
  hashes.push(deposit.hash);
}

/**
 * Creates the put series (from the deployer, in the setup block) and the `options.writers` writers
 * (`option-writer/<i>`), each drawn from `options.writers.seed` (default `<scenario seed>/options`): a series, a
 * number of puts and a margin multiple. None without an `options` section.
 */
export const optionWriterSetup: AgentFactory = {
  kind: "option-writer",
  rank: 36,
  create: (setup) => createWriters(setup),
};

async function createWriters({ world, initialPrice, hashes }: AgentSetup): Promise<SimAgent[]> {
  const o = world.scenario.options;
  const options = world.derivatives?.options;
  if (!o || !options) return [];
  const admin = world.deployer;
  // The setup block is mined one second after the latest: the run starts there.
  const start = (await world.chain.latestBlock()).timestamp + 1;
  const expiry = BigInt(start + Math.round(o.expiryDays * 86_400));
  const ledger = optionsLedger(world);
  for (const [i, k] of o.strikes.entries()) {
    const strike = toWad(Math.round(initialPrice * k));
    const tx = await options.venue.connect(admin.signer).createSeries(false, strike, expiry, { gasLimit: 300_000 });
    hashes.push(tx.hash);
    ledger.series.push(BigInt(i + 1)); // a fresh venue numbers its series from 1
  }
  const rng = new Rng(o.writers.seed ?? `${world.scenario.seed}/options`);
  const writers: SimAgent[] = [];
  for (let i = 0; i < o.writers.count; i++) {
    const pick = rng.int(o.strikes.length);
    const units = Math.round(rng.uniformIn(o.writers.minUnits, o.writers.maxUnits));
    const multiple = rng.uniformIn(o.writers.minMarginMultiple, o.writers.maxMarginMultiple);
    const me = await makeAgent(world.hre, world.chain, `option-writer/${i}`);
    // Full cover to write (a put loses at most its strike); block 1 withdraws down to the drawn margin.
    await depositCover(world, me, toFixedUnits(units * initialPrice * o.strikes[pick], world.debtDecimals), hashes);
    ledger.accounts.push(me.address);
    writers.push(
      new OptionWriter(`option-writer/${i}`, me, [{ id: ledger.series[pick], units: toWad(units) }], multiple),
    );
  }
  return writers;
}
