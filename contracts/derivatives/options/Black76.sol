// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @dev Inputs and outputs are WAD (1e18); the internals run at 1e27 ("HP", high precision) so that the normal
/// tail probabilities keep their relative precision down to ~1e-15 (`Φ(-8)` ≈ 6e-16 is still 12 digits at 1e27).
uint256 constant B76_WAD = 1e18;
uint256 constant B76_HP = 1e27;
/// @dev WAD -> HP.
uint256 constant B76_WAD_TO_HP = 1e9;
/// @dev A year of 365 days, the unit of `vol` (annualised) and of the time to expiry in the formulas.
uint256 constant B76_YEAR = 365 days;

/// @title Black76
/// @notice Black-76 (Black-Scholes on the forward, zero rate) prices and Greeks of European calls and puts in
/// fixed point, with its own ln, exp, sqrt and normal CDF.
/// @dev Model: call = F·Φ(d1) − K·Φ(d2), put = K·Φ(−d2) − F·Φ(−d1), d1 = (ln(F/K) + v²/2)/v, d2 = d1 − v,
/// v = σ·√(τ / 1 year). The rate is zero: the venue settles in the debt token and the forward is the spot.
/// Numerics (all at 1e27): ln by the atanh series after reducing the argument to [1/√2, √2) by powers of two; exp
/// by the Taylor series after reducing by multiples of ln 2; sqrt by OpenZeppelin's integer sqrt; Φ by Marsaglia's
/// series Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/(3·5) + …) for |x| < 4 and by Laplace's continued fraction for the Mills
/// ratio (40 levels, evaluated bottom-up) beyond. Tested against a 60-digit off-chain reference
/// (test/derivatives/options/reference.ts) over a grid of forward, strike, vol and time: see docs/derivatives-options.md.
library Black76 {
    /* ERRORS */

    /// @notice The forward or the strike is zero or above `MAX_PRICE` (1e36 WAD).
    error Black76PriceOutOfRange(uint256 value);

    /// @notice `ln` of zero or of a value at or above `2^255`.
    error Black76LnOutOfRange(uint256 x);

    /// @notice `exp` of an argument above `MAX_EXP_ARG` (the result would not fit).
    error Black76ExpOverflow(int256 x);

    /// @notice The volatility is above `MAX_VOL` (1000%) or the time above `MAX_TAU` (10 years).
    error Black76InputOutOfRange(uint256 vol, uint256 tau);

    /* CONSTANTS */

    uint256 internal constant MAX_PRICE = 1e36;
    uint256 internal constant MAX_VOL = 10 * B76_WAD;
    uint256 internal constant MAX_TAU = 10 * B76_YEAR;
    /// @dev ln 2 at 1e27, rounded to nearest (0.693147180559945309417232121458…).
    int256 internal constant LN2_HP = 693147180559945309417232121;
    /// @dev √2 at 1e27, rounded down (1.414213562373095048801688724…).
    uint256 internal constant SQRT2_HP = 1414213562373095048801688724;
    /// @dev 1/√(2π) at 1e27, rounded to nearest (0.398942280401432677939946059934…).
    int256 internal constant INV_SQRT_2PI_HP = 398942280401432677939946060;
    /// @dev Largest `exp` argument (HP): e^100 x 1e27 ≈ 2.7e70 fits 256 bits. Pricing only needs arguments <= 0.
    int256 internal constant MAX_EXP_ARG = 100 * int256(B76_HP);
    /// @dev Below this argument e^x < 1e-28 rounds to zero at 1e27.
    int256 internal constant MIN_EXP_ARG = -64 * int256(B76_HP);
    /// @dev Smallest F/K (1e27) read through one ln of the quotient: 1e-9, where it still has 18 digits.
    uint256 internal constant LN_RATIO_MIN_HP = 1e18;
    /// @dev |x| from which Φ uses the continued fraction instead of the series.
    int256 internal constant CDF_SERIES_LIMIT = 4 * int256(B76_HP);
    /// @dev |x| beyond which the tail Φ(−|x|) is below 1e-300 and reads as zero.
    int256 internal constant CDF_ZERO_TAIL = 38 * int256(B76_HP);
    /// @dev Levels of the continued fraction: relative error < 6e-19 at x = 4, smaller beyond.
    uint256 internal constant CDF_FRACTION_LEVELS = 40;

    /* ELEMENTARY FUNCTIONS (1e27) */

    /// @notice Natural logarithm of `x` (1e27) as a signed 1e27 value; error below 1e-26 absolute.
    function lnHp(uint256 x) internal pure returns (int256) {
        if (x == 0 || x > uint256(type(int256).max)) revert Black76LnOutOfRange(x);
        int256 k;
        uint256 m = x;
        // Bring m into [1, 2) x 1e27 by an exact power of two (shifting left is exact; shifting right drops bits
        // below 2^-90 relative).
        if (m >= 2 * B76_HP) {
            uint256 s = Math.log2(m / B76_HP);
            m >>= s;
            k = int256(s);
        } else if (m < B76_HP) {
            uint256 s = Math.log2(B76_HP / m);
            m <<= s;
            k = -int256(s);
            if (m < B76_HP) {
                m <<= 1;
                k -= 1;
            }
        }
        // Centre on 1: for m > √2 use m/2 (as z = (m − 2)/(m + 2), without dividing m).
        uint256 one = B76_HP;
        if (m > SQRT2_HP) {
            one = 2 * B76_HP;
            k += 1;
        }
        // Unchecked: m and `one` are below 2^256 / 1e27 / 2 here and |z| < 0.18e27, so no product can overflow.
        unchecked {
            int256 z = (int256(m) - int256(one)) * int256(B76_HP) / int256(m + one);
            int256 z2 = z * z / int256(B76_HP);
            // ln m = 2·(z + z³/3 + z⁵/5 + …), |z| <= 0.1716: the term falls by z² <= 0.0295 per step.
            int256 sum = z;
            int256 power = z;
            for (int256 n = 3; ; n += 2) {
                power = power * z2 / int256(B76_HP);
                int256 term = power / n;
                if (term == 0) break;
                sum += term;
            }
            return 2 * sum + k * LN2_HP;
        }
    }

    /// @notice e^x for a signed 1e27 argument, as a 1e27 value (zero below e^-64); relative error ~1e-26.
    function expHp(int256 x) internal pure returns (uint256) {
        if (x > MAX_EXP_ARG) revert Black76ExpOverflow(x);
        if (x < MIN_EXP_ARG) return 0;
        // Unchecked: -64e27 <= x <= 100e27, so |k| <= 145, |r| <= 0.35e27, the terms stay below 1e27 and the
        // result below 1.5e27 x 2^145 ≈ 6e70.
        unchecked {
            // x = k·ln 2 + r with |r| <= ln2 / 2, k rounded to nearest.
            int256 k = (x >= 0 ? x + LN2_HP / 2 : x - LN2_HP / 2) / LN2_HP;
            int256 r = x - k * LN2_HP;
            // e^r by Taylor: terms fall at least 2.9x per step; stop when they vanish at 1e27.
            int256 sum = int256(B76_HP);
            int256 term = int256(B76_HP);
            for (int256 n = 1; ; ++n) {
                term = term * r / (int256(B76_HP) * n);
                if (term == 0) break;
                sum += term;
            }
            uint256 result = uint256(sum);
            // Rounds the right shift to nearest.
            if (k >= 0) return result << uint256(k);
            uint256 shift = uint256(-k);
            return (result + (uint256(1) << (shift - 1))) >> shift;
        }
    }

    /// @notice √x for an unsigned 1e27 value, rounded down.
    function sqrtHp(uint256 x) internal pure returns (uint256) {
        return Math.sqrt(x * B76_HP);
    }

    /// @notice Standard normal density φ(x) = e^(−x²/2)/√(2π), 1e27 in and out.
    function normalPdfHp(int256 x) internal pure returns (uint256) {
        int256 ax = x < 0 ? -x : x;
        if (ax > CDF_ZERO_TAIL) return 0;
        uint256 e = expHp(-(ax * ax / int256(B76_HP)) / 2);
        return e * uint256(INV_SQRT_2PI_HP) / B76_HP;
    }

    /// @notice Standard normal CDF Φ(x), 1e27 in and out. Each tail is computed directly (never as 1 − the other
    /// tail) so that small probabilities keep their relative precision.
    function normalCdfHp(int256 x) internal pure returns (uint256) {
        if (x >= 0) return B76_HP - _upperTail(x);
        return _upperTail(-x);
    }

    /// @dev Q(a) = 1 − Φ(a) for a >= 0.
    function _upperTail(int256 a) private pure returns (uint256) {
        if (a > CDF_ZERO_TAIL) return 0;
        uint256 pdf = normalPdfHp(a);
        // Unchecked: 0 <= a <= 38e27, the series runs only for a < 4 (terms < 1e31, a² < 16e27) and the fraction's
        // numerators stay below 40e54.
        unchecked {
        if (a < CDF_SERIES_LIMIT) {
            // Marsaglia: Φ(a) − ½ = φ(a)·Σ a^(2n+1)/(1·3·…·(2n+1)).
            int256 a2 = a * a / int256(B76_HP);
            int256 sum = a;
            int256 term = a;
            for (int256 n = 3; ; n += 2) {
                term = term * a2 / (int256(B76_HP) * n);
                if (term == 0) break;
                sum += term;
            }
            uint256 half = B76_HP / 2;
            uint256 body = pdf * uint256(sum) / B76_HP;
            return body >= half ? 0 : half - body;
        }
        // Laplace: Q(a) = φ(a) / (a + 1/(a + 2/(a + 3/(a + …)))), evaluated from the deepest level up.
        uint256 ua = uint256(a);
        uint256 denominator = ua;
        for (uint256 level = CDF_FRACTION_LEVELS; level != 0; --level) {
            denominator = ua + level * B76_HP * B76_HP / denominator;
        }
        return pdf * B76_HP / denominator;
        }
    }

    /* BLACK-76 (WAD) */

    /// @dev Total volatility v = σ·√(τ / 1 year) at 1e27, rounded down; zero at expiry or zero vol, where the option
    /// has no time value left and is worth its intrinsic value.
    function _totalVol(uint256 vol, uint256 tau) private pure returns (int256) {
        return int256(vol * B76_WAD_TO_HP * sqrtHp(tau * B76_HP / B76_YEAR) / B76_HP);
    }

    /// @dev d1 (1e27) for WAD forward and strike and total volatility `v` > 0 (1e27).
    function _d1(uint256 forward, uint256 strike, int256 v) private pure returns (int256) {
        uint256 ratio = Math.mulDiv(forward, B76_HP, strike);
        // Below F/K = 1e-9 the quotient at 1e27 keeps fewer than 18 digits (and is 0 below 1e-27): ln F − ln K
        // instead, one more ln only in that deep tail (audit OPT-05).
        int256 logMoneyness = ratio >= LN_RATIO_MIN_HP
            ? lnHp(ratio)
            : lnHp(forward * B76_WAD_TO_HP) - lnHp(strike * B76_WAD_TO_HP);
        return (logMoneyness + v * v / int256(B76_HP) / 2) * int256(B76_HP) / v;
    }

    function _check(uint256 forward, uint256 strike, uint256 vol, uint256 tau) private pure {
        if (forward == 0 || forward > MAX_PRICE) revert Black76PriceOutOfRange(forward);
        if (strike == 0 || strike > MAX_PRICE) revert Black76PriceOutOfRange(strike);
        if (vol > MAX_VOL || tau > MAX_TAU) revert Black76InputOutOfRange(vol, tau);
    }

    /// @notice Black-76 price (WAD, quote per unit of underlying) of a call (`isCall`) or put, rounded up (the
    /// writer's liability side).
    /// @param forward Forward (= spot at zero rate), WAD, in `(0, 1e36]`.
    /// @param strike Strike, WAD, in `(0, 1e36]`.
    /// @param vol Annualised volatility, WAD (0.8e18 = 80%), at most 1000%.
    /// @param tau Seconds to expiry, at most 10 years; 0 gives the intrinsic value.
    function priceUp(bool isCall, uint256 forward, uint256 strike, uint256 vol, uint256 tau)
        internal
        pure
        returns (uint256)
    {
        _check(forward, strike, vol, tau);
        int256 v = _totalVol(vol, tau);
        if (v == 0) {
            if (isCall) return forward > strike ? forward - strike : 0;
            return strike > forward ? strike - forward : 0;
        }
        int256 d1 = _d1(forward, strike, v);
        int256 d2 = d1 - v;
        // WAD x 1e27: F·Φ(±d1) and K·Φ(±d2), subtracted before the single rounding.
        uint256 forwardLeg;
        uint256 strikeLeg;
        if (isCall) {
            forwardLeg = forward * normalCdfHp(d1);
            strikeLeg = strike * normalCdfHp(d2);
            if (strikeLeg >= forwardLeg) return 0;
            return Math.ceilDiv(forwardLeg - strikeLeg, B76_HP);
        }
        strikeLeg = strike * normalCdfHp(-d2);
        forwardLeg = forward * normalCdfHp(-d1);
        if (forwardLeg >= strikeLeg) return 0;
        return Math.ceilDiv(strikeLeg - forwardLeg, B76_HP);
    }

    /// @notice Delta ∂price/∂forward (WAD, signed): Φ(d1) for a call, Φ(d1) − 1 = −Φ(−d1) for a put; rounded
    /// towards zero. At expiry or zero vol, the step (1 in the money, ½ at the money, 0 out of it, signed for puts).
    function delta(bool isCall, uint256 forward, uint256 strike, uint256 vol, uint256 tau)
        internal
        pure
        returns (int256)
    {
        _check(forward, strike, vol, tau);
        int256 v = _totalVol(vol, tau);
        if (v == 0) {
            int256 step = forward > strike ? int256(B76_WAD) : forward == strike ? int256(B76_WAD / 2) : int256(0);
            return isCall ? step : step - int256(B76_WAD);
        }
        int256 d1 = _d1(forward, strike, v);
        if (isCall) return int256(normalCdfHp(d1) / B76_WAD_TO_HP);
        return -int256(normalCdfHp(-d1) / B76_WAD_TO_HP);
    }

    /// @notice Gamma ∂²price/∂forward² = φ(d1)/(F·v) (WAD, per unit of forward; the same for calls and puts),
    /// rounded down; zero at expiry or zero vol.
    function gamma(uint256 forward, uint256 strike, uint256 vol, uint256 tau) internal pure returns (uint256) {
        _check(forward, strike, vol, tau);
        int256 v = _totalVol(vol, tau);
        if (v == 0) return 0;
        int256 d1 = _d1(forward, strike, v);
        // φ (1e27) x 1e18 x 1e18 / (F (1e18) x v (1e27)) -> WAD.
        return Math.mulDiv(normalPdfHp(d1) * B76_WAD, B76_WAD, forward * uint256(v));
    }
}
