"""`python -m claimledger` runs the command line."""

from claimledger.present.cli import app

app(prog_name="claimledger")
