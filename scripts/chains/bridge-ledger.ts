/**
 * The bridge's books from its events on both chains: what the vault holds, the wrapped supply, and what is in flight
 * each way. Conservation: vault balance = wrapped supply + in flight out + in flight back.
 */
import type { BridgeWorld } from "./bridge-world";

export interface BridgeLedger {
  /** Home asset held by the vault, token units. */
  readonly vaultBalance: bigint;
  /** Wrapped asset in existence on the remote chain, token units. */
  readonly wrappedSupply: bigint;
  /** Locked on home, not yet minted on remote, token units (and how many messages). */
  readonly inFlightOut: bigint;
  readonly messagesOut: number;
  /** Burned on remote, not yet released on home, token units (and how many messages). */
  readonly inFlightBack: bigint;
  readonly messagesBack: number;
  readonly conserved: boolean;
}

export async function bridgeLedger(w: BridgeWorld): Promise<BridgeLedger> {
  const locked = await w.vault.queryFilter(w.vault.filters.Locked());
  const minted = new Set((await w.minter.queryFilter(w.minter.filters.Minted())).map((e) => e.args.homeNonce));
  const burned = await w.minter.queryFilter(w.minter.filters.BurnedForRelease());
  const released = new Set((await w.vault.queryFilter(w.vault.filters.Released())).map((e) => e.args.remoteNonce));
  const out = locked.filter((e) => !minted.has(e.args.nonce));
  const back = burned.filter((e) => !released.has(e.args.nonce));
  const inFlightOut = out.reduce((a, e) => a + e.args.amount, 0n);
  const inFlightBack = back.reduce((a, e) => a + e.args.amount, 0n);
  const vaultBalance = await w.asset.balanceOf(await w.vault.getAddress());
  const wrappedSupply = await w.wrapped.totalSupply();
  return {
    vaultBalance,
    wrappedSupply,
    inFlightOut,
    messagesOut: out.length,
    inFlightBack,
    messagesBack: back.length,
    conserved: vaultBalance === wrappedSupply + inFlightOut + inFlightBack,
  };
}
