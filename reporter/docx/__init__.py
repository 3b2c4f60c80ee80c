"""The DOCX writer and what it needs of python-docx; importing it installs reporter's python-docx patch."""

from reporter.docx._python_docx import install

install()
