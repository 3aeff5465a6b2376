// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAuctionPriceCurve} from "../../interfaces/IAuctionPriceCurve.sol";

/// @title LinearDecrease
/// @notice Price falls in a straight line from the start price to zero over `duration` seconds (Maker's `tau`).
contract LinearDecrease is IAuctionPriceCurve {
    error InvalidDuration(uint256 duration);

    uint256 public immutable duration;

    constructor(uint256 duration_) {
        if (duration_ == 0) revert InvalidDuration(duration_);
        duration = duration_;
    }

    /// @dev startPrice x (duration - elapsed) / duration, rounded down; zero from `duration` on.
    function price(uint256 startPrice, uint256 elapsed) external view returns (uint256) {
        if (elapsed >= duration) return 0;
        return startPrice * (duration - elapsed) / duration;
    }
}
