"""reporter: structured CSR case studies into DOCX and PDF case briefs."""

__version__ = "0.2.0"
