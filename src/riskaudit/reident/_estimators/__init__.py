"""Population-uniqueness estimators on the class-size histogram (ARX's models, Dankar et al. 2012).

Every estimator takes the sample class-size histogram ``{size: classes}`` and the sampling fraction
``pi = n / N`` and returns the estimated number of *population* uniques (or None when the model does
not apply or its solver does not converge). Nothing here touches data: the histogram has a few
hundred entries at most.
"""

from ._dankar import DankarEstimate, dankar
from ._pitman import pitman
from ._snb import snb
from ._zayatz import zayatz

__all__ = ["DankarEstimate", "dankar", "pitman", "snb", "zayatz"]
