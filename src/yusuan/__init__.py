"""yusuan: audit and build Chinese government department budget disclosures."""

__version__ = "0.1.0"
