"""KTAB's Spatial Model of Politics: the model (``smp``), one turn (``step``), bargains
(``bargain``), challenges (``challenge``), probabilistic Condorcet election (``pce``) and
utilities (``utility``). File readers for KTAB's inputs live in :mod:`detente.readers.ktab`."""

from detente.models.ktab.smp import SpatialModelOfPolitics

__all__ = ["SpatialModelOfPolitics"]
