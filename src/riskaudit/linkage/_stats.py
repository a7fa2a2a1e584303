"""Wilson score intervals and Anonymeter's control-corrected risk (``anonymeter/stats/confidence.py``)."""

from __future__ import annotations

import math

from ._result import Rate, Risk

__all__ = ["Rate", "Risk", "wilson", "residual_risk"]


def wilson(k: int, n: int, confidence: float = 0.95) -> Rate:
    """rate = (k + z^2/2)/(n + z^2); err = z/(n + z^2) * sqrt(k(n-k)/n + z^2/4)."""
    # lazy: scipy.stats costs about 1 s to import, `riskaudit --help` needs none of it
    from scipy.stats import norm

    z = float(norm.ppf((1 + confidence) / 2))
    if n == 0:
        return Rate(value=0.0, error=1.0, successes=0, trials=0)
    rate = (k + z * z / 2) / (n + z * z)
    err = z / (n + z * z) * math.sqrt(k * (n - k) / n + z * z / 4)
    return Rate(value=rate, error=err, successes=k, trials=n)


def residual_risk(attack: Rate, control: Rate | None) -> Risk:
    """(r_att - r_ctl) / (1 - r_ctl) with propagated error, clipped to [0, 1]; without control, the attack rate."""
    if control is None:
        v, e = attack.value, attack.error
    else:
        if control.value >= 1:
            return Risk(value=0.0, ci=(0.0, 1.0))
        v = (attack.value - control.value) / (1 - control.value)
        e = math.sqrt(
            (attack.error / abs(1 - control.value)) ** 2
            + (control.error * (attack.value - 1) / (1 - control.value) ** 2) ** 2
        )
    clip = lambda x: min(max(x, 0.0), 1.0)  # noqa: E731
    return Risk(value=clip(v), ci=(clip(v - e), clip(v + e)))
