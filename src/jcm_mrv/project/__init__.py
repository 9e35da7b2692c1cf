"""Project files: the format and its checks against the methodology."""
