// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAuctionPriceCurve} from "../../interfaces/IAuctionPriceCurve.sol";
import {MathLib, RAY} from "../../libraries/MathLib.sol";

/// @title ExponentialDecrease
/// @notice Continuous exponential decay: startPrice x cut^elapsed, with `cut` the factor kept per second.
contract ExponentialDecrease is IAuctionPriceCurve {
    error InvalidCut(uint256 cut);

    /// @notice Factor kept per second, RAY (e.g. 0.999e27 halves the price in about 693 seconds).
    uint256 public immutable cut;

    constructor(uint256 cut_) {
        if (cut_ == 0 || cut_ >= RAY) revert InvalidCut(cut_);
        cut = cut_;
    }

    function price(uint256 startPrice, uint256 elapsed) external view returns (uint256) {
        return startPrice * MathLib.rpow(cut, elapsed) / RAY;
    }
}
