"""The PDF writer and what it needs of ReportLab; importing it installs reporter's ReportLab patches, handing the
adapter reporter's own line breaking (the adapter imports none of reporter's PDF modules)."""

from reporter.pdf import cjkbreak
from reporter.pdf._reportlab import Hooks, install

install(Hooks(cjk_frag_split=cjkbreak.cjk_frag_split, char_widths=cjkbreak.char_widths,
              cannot_start=cjkbreak.CLOSING))
