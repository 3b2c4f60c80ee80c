"""The PDF writer and what it needs of ReportLab; importing it installs reporter's ReportLab patches."""

from reporter.pdf._reportlab import install

install()
