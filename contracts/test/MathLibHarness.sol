// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MathLib} from "../libraries/MathLib.sol";

/// @title MathLibHarness
/// @notice Exposes MathLib's compounding functions to tests.
contract MathLibHarness {
    function rpow(uint256 x, uint256 n) external pure returns (uint256) {
        return MathLib.rpow(x, n);
    }

    function compoundGrowth(uint256 ratePerSecond, uint256 elapsed, uint256 maxGrowth)
        external
        pure
        returns (uint256)
    {
        return MathLib.compoundGrowth(ratePerSecond, elapsed, maxGrowth);
    }
}
