// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

/// @title IAuctionTakeCallee
/// @notice Flash-take callback (MakerDAO's `clipperCall`): the receiver of a take gets the collateral first, is
/// called here, and must then let the auction pull `owe` of the debt asset from the taker.
interface IAuctionTakeCallee {
    /// @param taker The account that called `take` (and pays).
    /// @param owe Debt-asset amount the auction will pull from `taker` once this returns.
    /// @param collateral Collateral amount already sent to the receiver.
    /// @param data Opaque data passed through from `take`.
    function onAuctionTake(address taker, uint256 owe, uint256 collateral, bytes calldata data) external;
}
