// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

/// @title ILiquidationGuard
/// @notice An optional hook a `LendingPool` consults on both liquidation paths (fixed-bonus `liquidate` and the
/// auction's `seizeForAuction`). It sees the debt each liquidation moves, so it can count liquidation volume
/// exactly and refuse a liquidation (by reverting) to throttle them. The market's admin sets it with
/// `setLiquidationGuard`; the zero address (the default) switches the hook off at the cost of one storage read.
interface ILiquidationGuard {
    /// @notice Called by the market once per liquidation, after the amounts are known and before any state changes
    /// or token transfers. Reverting refuses the liquidation.
    /// @param borrower The position being liquidated.
    /// @param asset The collateral asset seized.
    /// @param debt Debt moved, in debt-asset base units: the repayment of a fixed-bonus liquidation, or the principal
    /// handed to an auction at a kick.
    /// @param mechanism 1 = fixed bonus, 2 = Dutch-auction kick (the market's `MECHANISM_*` constants).
    function onLiquidation(address borrower, address asset, uint256 debt, uint8 mechanism) external;
}
