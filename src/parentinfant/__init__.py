"""parentinfant: the operational side of UK specialised parent-infant relationship teams."""

from parentinfant.errors import ParentInfantError

__version__ = "0.1.0"
__all__ = ["ParentInfantError", "__version__"]
