"""quanlyhoi: information system for Vietnam's mass association networks."""

__version__ = "0.1.0"
