/**
 * Bad debt measured the same way for every protocol (issue 17): debt not covered by collateral. A position's
 * uncovered debt is max(0, debt - collateral value at the oracle price), in debt-token units; a protocol that writes
 * debt off (the lab, Morpho Blue) adds what it has written off, one that leaves it on the books (Aave v3.0) does not
 * need to, since the debt is still there with no collateral behind it.
 */

/** max(0, debt - collateralValue): the part of one position no collateral covers (debt-token units). */
export function uncoveredDebt(debt: bigint, collateralValue: bigint): bigint {
  return debt > collateralValue ? debt - collateralValue : 0n;
}

/** Sum of `uncoveredDebt` over positions. */
export function totalUncovered(positions: ReadonlyArray<{ debt: bigint; collateralValue: bigint }>): bigint {
  return positions.reduce((sum, p) => sum + uncoveredDebt(p.debt, p.collateralValue), 0n);
}
