"""jury-desk: the offline desk of the Mines Paris × Albert School joint jury."""

__version__ = "0.1.0"
