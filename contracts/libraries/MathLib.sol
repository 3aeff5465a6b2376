// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

uint256 constant WAD = 1e18;
uint256 constant RAY = 1e27;
uint256 constant BPS = 10_000;
/// @dev Largest r x dt (WAD) one `rpow` call compounds: growth <= e^40 ≈ 2.4e17, so every intermediate of `rpow`
/// (at most growth x RAY^2 ≈ 2.4e71) stays below 2^256 ≈ 1.2e77.
uint256 constant MAX_COMPOUND_EXPONENT = 40 * WAD;

/// @title MathLib
/// @notice Fixed-point helpers whose names say which way they round.
library MathLib {
    function mulDivDown(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return Math.mulDiv(x, y, d);
    }

    function mulDivUp(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return Math.mulDiv(x, y, d, Math.Rounding.Ceil);
    }

    function wMulDown(uint256 x, uint256 y) internal pure returns (uint256) {
        return Math.mulDiv(x, y, WAD);
    }

    function wMulUp(uint256 x, uint256 y) internal pure returns (uint256) {
        return Math.mulDiv(x, y, WAD, Math.Rounding.Ceil);
    }

    function wDivDown(uint256 x, uint256 y) internal pure returns (uint256) {
        return Math.mulDiv(x, WAD, y);
    }

    function wDivUp(uint256 x, uint256 y) internal pure returns (uint256) {
        return Math.mulDiv(x, WAD, y, Math.Rounding.Ceil);
    }

    /// @dev `x` ** `n` for a RAY base, rounding each step to nearest (MakerDAO's rpow); exact for n = 0 and 1.
    /// Used for per-second compounding: growth = (1 + r)^dt.
    function rpow(uint256 x, uint256 n) internal pure returns (uint256 z) {
        z = n % 2 != 0 ? x : RAY;
        for (n /= 2; n != 0; n /= 2) {
            x = (x * x + RAY / 2) / RAY;
            if (n % 2 != 0) z = (z * x + RAY / 2) / RAY;
        }
    }

    /// @dev Growth (1 + r)^dt (RAY) for a per-second rate `ratePerSecond` (WAD) over `elapsed` seconds, compounded
    /// in steps of r x step <= MAX_COMPOUND_EXPONENT so that `rpow` cannot overflow, and saturating at `maxGrowth`
    /// (RAY, >= RAY; at most ~4e59 so that growth x e^40 fits 256 bits). One step (r x dt <= 40) gives exactly
    /// `rpow`; each later step rounds up (debt up).
    function compoundGrowth(uint256 ratePerSecond, uint256 elapsed, uint256 maxGrowth)
        internal
        pure
        returns (uint256 growth)
    {
        if (ratePerSecond == 0) return RAY;
        uint256 base = RAY + ratePerSecond * 1e9;
        uint256 step = MAX_COMPOUND_EXPONENT / ratePerSecond;
        if (elapsed <= step) {
            // One step, the usual case (r x dt <= 40).
            growth = rpow(base, elapsed);
            return growth < maxGrowth ? growth : maxGrowth;
        }
        if (step == 0) step = 1;
        growth = RAY;
        while (elapsed != 0) {
            uint256 n = elapsed < step ? elapsed : step;
            growth = Math.mulDiv(growth, rpow(base, n), RAY, Math.Rounding.Ceil);
            if (growth >= maxGrowth) return maxGrowth;
            elapsed -= n;
        }
    }

    function zeroFloorSub(uint256 x, uint256 y) internal pure returns (uint256) {
        return x > y ? x - y : 0;
    }
}

/// @title SharesMathLib
/// @notice Converts between assets and shares with virtual shares and assets (Morpho's defence against the
/// share-inflation attack on an empty market). Down/Up say the rounding direction.
library SharesMathLib {
    uint256 internal constant VIRTUAL_SHARES = 1e6;
    uint256 internal constant VIRTUAL_ASSETS = 1;

    function toSharesDown(uint256 assets, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return Math.mulDiv(assets, totalShares + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS);
    }

    function toSharesUp(uint256 assets, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return Math.mulDiv(assets, totalShares + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS, Math.Rounding.Ceil);
    }

    function toAssetsDown(uint256 shares, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return Math.mulDiv(shares, totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES);
    }

    function toAssetsUp(uint256 shares, uint256 totalAssets, uint256 totalShares) internal pure returns (uint256) {
        return Math.mulDiv(shares, totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES, Math.Rounding.Ceil);
    }
}
