"""The older import path of :mod:`cia.editions` (the template is now data files there)."""

from __future__ import annotations

from ..editions import *  # noqa: F401,F403
from ..editions import __all__, __getattr__  # noqa: F401
