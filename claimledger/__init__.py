"""claimledger: a ledger of attributed, geolocated claims from war reporting."""

from __future__ import annotations

__version__ = "0.1.0"
