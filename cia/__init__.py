"""cia: write, check and publish council Community Impact Assessments."""

__version__ = "0.1.0"
