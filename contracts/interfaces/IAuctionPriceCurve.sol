// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

/// @title IAuctionPriceCurve
/// @notice How a Dutch auction's price falls with time (MakerDAO's `Abacus`). Curves are pure functions of their
/// constructor parameters, so a curve can be swapped without touching the auction.
interface IAuctionPriceCurve {
    /// @notice Price after `elapsed` seconds of an auction that started at `startPrice` (any fixed-point unit; the
    /// result is in the same unit). Never increases with `elapsed`; never below zero.
    function price(uint256 startPrice, uint256 elapsed) external view returns (uint256);
}
