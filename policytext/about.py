"""Package metadata."""
__title__ = "policytext"
__version__ = "0.1.0"
__summary__ = "Turn Chinese policy documents into structured, checkable task lists."
