// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

/// @title ILiquidationHost
/// @notice The narrow, role-gated door through which a market hands unhealthy positions to an external liquidator
/// (the Dutch auction). Only the market's registered auction liquidator may call these.
/// @dev Accounting: a seized position's debt leaves the borrower and becomes `debtInAuction`, a receivable the
/// lenders still own (it stops accruing interest, as a Maker tab does). Proceeds settle it; a shortfall is bad debt.
interface ILiquidationHost {
    /// @notice Moves collateral of an unhealthy `borrower` (health < 1, fresh price) to the caller, together with
    /// at most `maxDebt` of the borrower's debt. With several collateral assets the debt moved is the share of the
    /// debt backed by `asset` (by value at the oracle price); when that exceeds `maxDebt` only a matching fraction of
    /// the collateral is moved. Reverts when nothing can be moved.
    /// @return collateral Amount of `asset` transferred to the caller.
    /// The receivable is marked at min(debt, value of the moved collateral at the oracle price): the difference
    /// (`markdown`) is written off at once (reserves first, then lenders) and only `debt - markdown` enters
    /// `debtInAuction`.
    /// @return debt Debt (debt-asset base units) moved from the borrower (the auction's principal).
    /// @return markdown Part of `debt` written off at once as the expected loss.
    function seizeForAuction(address borrower, address asset, uint256 maxDebt)
        external
        returns (uint256 collateral, uint256 debt, uint256 markdown);

    /// @notice Settles auction proceeds that the caller has already paid to the market (`debtRepaid + recovered +
    /// penaltyPaid` of the debt asset, in the same transaction): `debtRepaid` and `badDebt` reduce `debtInAuction`;
    /// `recovered` (principal paid above the marked receivable) goes back to lenders; the penalty goes to reserves;
    /// `badDebt` is written off (reserves first, then lenders) and recorded. Reverts with `SettlementNotPaid` when
    /// the market's balance does not cover its books afterwards.
    function settleAuction(uint256 debtRepaid, uint256 recovered, uint256 penaltyPaid, uint256 badDebt) external;

    /// @notice Pays a keeper's incentive in the debt asset out of reserves; what reserves cannot cover is charged to
    /// lenders and recorded as bad debt. Returns the amount paid.
    function payKeeperIncentive(address keeper, uint256 amount) external returns (uint256 paid);

    /// @notice Whether the auction mechanism is enabled for this market.
    function auctionsEnabled() external view returns (bool);
}
