"""Case Review Workbench: integrated chronologies and analysis for safeguarding case reviews."""

__version__ = "0.1.0"
APP_NAME = "Case Review Workbench"
FILE_SUFFIX = ".cwr"
