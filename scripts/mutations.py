"""Test the tests: change one line of production code, run the suite, and report which test caught it.

Each mutation below is a one-line change a careless edit or a library update could make. A mutation no test
catches is a hole in the suite. Run from the project root:

    .venv/bin/python scripts/mutations.py            # all of them (a few minutes)
    .venv/bin/python scripts/mutations.py 3 7        # only these

The source is restored after each run, whatever happens.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTEST = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--no-header", "-o", "addopts=",
          "--ignore=tests/test_package.py", "--ignore=tests/test_libreoffice.py",
          # (that test checks this list against the source: a mutated source fails it, whatever the mutation)
          "--deselect=tests/test_architecture.py::test_every_mutation_of_scripts_mutations_still_finds_its_line"]

MUTATIONS = [
    ("DOCX table rows may split", "reporter/docx/writer.py",
     '            _sub(tr[0], "cantSplit")', '            pass'),
    ("DOCX run text loses xml:space", "reporter/docx/writer.py",
     '                t.set(_XML_SPACE, "preserve")', '                pass'),
    ("DOCX run colour taken from the style, not the run", "reporter/docx/writer.py",
     '_sub(cached, "color", val=_hex(colour or style.colour))', '_sub(cached, "color", val=_hex(style.colour))'),
    ("embedded widths one percent wide", "reporter/fonts/embed.py",
     "round((face.advances[encoder.glyph[code]] + room.get(code, 0)) * scale, 3)",
     "round((face.advances[encoder.glyph[code]] + room.get(code, 0)) * scale * 1.01, 3)"),
    ("a twin's room left out of its width", "reporter/fonts/embed.py",
     "room = {twin.code: twin.extra(face.units_per_em)[1] for twin in twins}", "room = {}"),
    ("no room between Chinese and Latin text in the PDF", "reporter/pdf/fonts.py",
     "        self.room = layout.type.cjk_latin_spacing", "        self.room = False"),
    ("room kept at the start of a Chinese line", "reporter/pdf/cjkbreak.py",
     "    while start < end and chars[start] in _ROOM:", "    while False:"),
    ("room kept at the end of a Chinese line", "reporter/pdf/cjkbreak.py",
     "    while end > start and chars[end - 1] in _ROOM:", "    while False:"),
    ("no room across two spans", "reporter/pdf/fonts.py", "            marks = room_at(text, *around)",
     "            marks = room_at(text)"),
    ("the DOCX leaves Word's room between the scripts unsaid", "reporter/docx/writer.py",
     '            put(ppr, tag, val="1" if cjk_latin_spacing else "0")', "            pass"),
    ("Chinese paragraphs never broken again as a whole", "reporter/pdf/cjkbreak.py", "REFIT = True", "REFIT = False"),
    ("no punctuation hung or squeezed at a line's ends", "reporter/pdf/cjkbreak.py", "HANGING_BLANK = 0.45",
     "HANGING_BLANK = 99.0"),
    ("a squeezed mark drawn where it stood", "reporter/pdf/_reportlab.py",
     "    for index, offset in font.kerns(text).items():  # the font's own (a squeezed mark's blank half)",
     "    for index, offset in {}.items():"),
    ("Chinese running text ragged where the layout's English is", "reporter/layout/styles.py",
     "        return self.justify or (east_asian and self.token in RUNNING_TEXT)", "        return self.justify"),
    ("total fit takes no-break spaces for unstretchable", "reporter/pdf/totalfit.py",
     '    stretched = len(text) - 1 + sum(piece.count("\\u00a0") for piece in text)',
     "    stretched = len(text) - 1"),
    ("a third hyphen in a row weighed as any other", "reporter/pdf/totalfit.py",
     "                cost += (HYPHEN_COST if hyphens else 0) + (LADDER_COST if hyphens > HYPHENS_IN_A_ROW else 0)",
     "                cost += HYPHEN_COST if hyphens else 0"),
    ("English running text across the whole column", "reporter/layout/styles.py",
     "        return max(0.0, width - measure)", "        return 0.0"),
    ("English set at the Chinese leading in the PDF", "reporter/pdf/writer.py",
     "                leading=style.line_height(east_asian), textColor=colors.HexColor(style.colour),",
     "                leading=style.leading, textColor=colors.HexColor(style.colour),"),
    ("a tinted box as wide as the column round text kept to the measure", "reporter/pdf/writer.py",
     "        width = self.sheet.boxed_width(block.paragraphs, width)", "        pass"),
    ("adjacent marks compressed by convention, not by their ink", "reporter/compose/punctuation.py",
     "    return max(0.0, min(COMPRESSION, own, first_blank + second_blank - MIN_INK_GAP))",
     "    return COMPRESSION"),
    ("English broken where one pattern set alone breaks it", "reporter/pdf/latinbreak.py",
     "    return tuple(head for head, _ in _dictionary(names[0]).iterate(letters) if agreed is None or head in agreed)",
     "    return tuple(head for head, _ in _dictionary(names[0]).iterate(letters))"),
    ("batch fingerprint ignores the layout's files", "reporter/jobs/batch.py",
     "        digest.update(str(path).encode() + _file_digest(path).encode())",
     "        digest.update(str(path).encode())"),
    ("batch fingerprint ignores the fonts", "reporter/jobs/batch.py",
     "        digest.update(_font_stamp(face.path, face.index).encode())", "        pass"),
    ("astral ToUnicode entries written as UCS-4", "reporter/fonts/embed.py",
     '    return chr(code).encode("utf-16-be").hex().upper()', '    return f"{code:04X}"'),
    ("index cell colour with red and blue swapped", "reporter/pdf/index.py",
     'return f"{fp_str(rgb.red, rgb.green, rgb.blue)} rg"', 'return f"{fp_str(rgb.blue, rgb.green, rgb.red)} rg"'),
    ("an opening quote may end a line", "reporter/pdf/cjkbreak.py",
     'OPENING = "".join(sorted(OPENING_MARKS)) + "([{"', 'OPENING = "".join(sorted(OPENING_MARKS - {"“"})) + "([{"'),
    ("Latin lines ignore space shrinkage", "reporter/pdf/latinbreak.py",
     "    shrink = style.spaceShrinkage * space", "    shrink = 0"),
    ("variable faces embedded with their variations", "reporter/fonts/subset.py",
     "        subset_input.pin_all_axes_to_default(hb_face)", "        pass"),
    ("DOCX zip timestamps not fixed", "reporter/output.py",
     "ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)", "ZIP_EPOCH = (1981, 1, 1, 0, 0, 0)"),
    ("CJK word-spaced text widened the wrong way", "reporter/pdf/_reportlab.py",
     "                offsets[index] = -tx._wordSpace * 1000 / tx._fontsize",
     "                offsets[index] = tx._wordSpace * 1000 / tx._fontsize"),
    ("a no-break space takes the space's code and text", "reporter/fonts/embed.py",
     "        if primary is not None and primary != ord(char):", "        if False:"),
    ("CJK justification spreads over one character too many", "reporter/pdf/_reportlab.py",
     '    tx._code.append(f"{fp_str(extra / (chars - 1))} Tc")', '    tx._code.append(f"{fp_str(extra / chars)} Tc")'),
    ("quotes and dashes in Chinese text take the Latin font", "reporter/fonts/measure.py",
     "    return east_asian_text and bool(_AMBIGUOUS.match(char))", "    return False"),
    ("a layout's logo looked up beside the child layout only", "reporter/layout/schema.py",
     "        bases = list(dict.fromkeys(path.parent for path in (self.source_path, *self.source_chain) if path))",
     "        bases = [self.source_path.parent] if self.source_path else []"),
    ("the composer imports a job (a circle)", "reporter/compose/brief.py",
     "from reporter.layout.schema import Layout, LayoutText, layout_error, layout_text\n",
     "from reporter.layout.schema import Layout, LayoutText, layout_error, layout_text\nimport reporter.jobs.build\n"),
    ("a writer reads the i18n module", "reporter/pdf/index.py",
     "from reporter.layout.styles import StyleSheet, TextStyle\n",
     "from reporter.layout.styles import StyleSheet, TextStyle\nfrom reporter.i18n.languages import language\n"),
    ("a private ReportLab name used outside the adapter", "reporter/pdf/latinbreak.py",
     "    reset_break_state(paragraph)\n", "    reset_break_state(paragraph)\n    paragraph._width_max = 0\n"),
    # hostile input (issue 11)
    ("bidirectional overrides let into case texts", "reporter/model/schema.py",
     "        if char in BIDI_CONTROLS:", "        if False:"),
    ("images not decoded before use", "reporter/compose/images.py", "            image.load()", "            pass"),
    ("reference documents may declare entities", "reporter/layout/reference.py",
     '    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:', "    if False:"),
    ("a logo may lead outside its layout's folder", "reporter/layout/schema.py",
     "            if candidate.is_relative_to(base.resolve()):", "            if True:"),
    ("a figure may lead outside its book's folder", "reporter/model/load.py",
     "    if not found.is_relative_to(folder.resolve()):", "    if False:"),
    ("a failed set of outputs is not put back", "reporter/output.py",
     "            for path, had in reversed(placed):", "            for path, had in reversed(placed[:0]):"),
    ("a face cache entry of any shape is used", "reporter/fonts/face.py",
     "    if len(advances) != count or not all(type(k) is int and type(v) is int and 0 <= v < count",
     "    if False and not all(type(k) is int and type(v) is int and 0 <= v < count"),
    ("YAML values not counted (alias bombs)", "reporter/model/yamlfile.py",
     "        if self.nodes > limits.YAML_NODES:", "        if False:"),
    ("no minimum text frame", "reporter/layout/schema.py",
     "        if min(frame) < FRAME_MIN_MM:", "        if False:"),
    ("two files of one case let through", "reporter/jobs/batch.py",
     "        for name, enterprise in files if len(files) > 1 else ():", "        for name, enterprise in ():"),
    ("PDFs dated by ReportLab, not by their case", "reporter/pdf/writer.py",
     "        with document_date(meta.date), ", "        with document_date(meta.date.replace(year=2000)), "),
    ("document properties not clipped to 255 characters", "reporter/compose/document.py",
     "        for name in (\"title\", \"subject\", \"author\"):", "        for name in ():"),
    # tagged PDF (issue 12)
    ("what follows a tagged paragraph is neither tagged nor an artifact", "reporter/pdf/tags.py",
     '        canvas.addLiteral(f"{END} {ARTIFACT}")', '        canvas.addLiteral(END)'),
    ("a list item's bullet and body in one sequence", "reporter/pdf/tags.py",
     "        if self._depth == 1 and self._then is not None:", "        if False:"),
    ("index row headers without a scope", "reporter/pdf/index.py",
     'attributes={"Scope": "Row", "RowSpan"', 'attributes={"RowSpan"'),
    ("the left column of a side-by-side pair left out of the structure", "reporter/pdf/writer.py",
     "        with self.within(both.add(\"Div\")):  # the left column", "        with self.within(Element(\"Div\")):  #"),
    ("link annotations without a place in the structure", "reporter/pdf/_reportlab.py",
     '    kw["StructParent"] = key', "    pass"),
    ("figures without alternative text", "reporter/pdf/writer.py",
     'parent=parent, alt=alt, **({"lang": lang}', 'parent=parent, **({"lang": lang}'),
    ("English in a Chinese heading not marked as English", "reporter/pdf/writer.py",
     '                extra["span_lang"] = self.lang(span)', "                pass"),
    ("pages without /StructParents", "reporter/pdf/writer.py",
     "                set_last_page(self, StructParents=key)", "                pass"),
    ("headings one level too deep", "reporter/pdf/writer.py",
     'role = f"H{min(block.level, 2) + 1}"', 'role = f"H{min(block.level, 2) + 2}"'),
    # typesetting (issue 13)
    ("the DOCX key-figure panel moves whole", "reporter/docx/writer.py",
     "        self.keep_together(tbl, breaks_after=set(range(rows)))", "        self.keep_together(tbl)"),
    ("a heading kept with the whole of the next paragraph", "reporter/pdf/writer.py",
     "        out[-1].keepWithNext = 0", "        out[-1].keepWithNext = 1"),
    ("the summary box never splits", "reporter/pdf/writer.py",
     "[width], padding, whole=False)", "[width], padding, whole=True)"),
    ("numbers no longer joined to their units and words", "reporter/i18n/languages.py",
     '        units = self.spec.get("units_after_numbers")', '        return text'),
    ("the Chinese line breaker ignores word joiners", "reporter/pdf/cjkbreak.py",
     "        if char == WORD_JOINER or previous == WORD_JOINER or _held(previous, char, before) \\",
     "        if _held(previous, char, before) \\"),
    ("English money rounded to two places (RMB 73.00 million)", "reporter/i18n/languages.py",
     "    places = max(2, -scaled.normalize().as_tuple().exponent)", "    places = 2"),
    ("the DOCX leaves LibreOffice to hang (and hide) a line-end comma", "reporter/docx/writer.py",
     '        put(ppr, "w:overflowPunct", val="1")', "        pass"),
    ("no widow or orphan control in the DOCX", "reporter/docx/writer.py",
     '        put(ppr, "w:widowControl")', "        pass"),
    ("a restyled built-in style keeps the template's letter spacing", "reporter/docx/writer.py",
     "            _reset_formatting(ppr, docx_style.element.get_or_add_rPr())", "            pass"),
    ("bilingual page furniture in the first language only", "reporter/compose/brief.py",
     '        self.furniture_langs = self.langs if layout.language.furniture == "all" else self.langs[:1]',
     "        self.furniture_langs = self.langs[:1]"),
    ("the layout's footer line in the first language only", "reporter/compose/brief.py",
     "        return tuple(Span(layout_text(own, lang), lang) for lang in langs)",
     "        return (Span(layout_text(own, langs[0]), langs[0]),)"),
    ("section kickers in English whatever the language", "reporter/compose/brief.py",
     '        kicker = tuple(Span(self._lang(lang).numbered("section_kicker", number), lang) for lang in self.langs)',
     '        kicker = (Span(f"PART {number:02d}", "en"),)'),
    ("a caption printed under a placeholder by default", "reporter/compose/brief.py",
     '                if self.layout.figures.missing_image == "omit":', "                if False:"),
    ("titles left to the writers' line breaking", "reporter/compose/linebreak.py",
     "        return Span(text, span.lang)", "        return Span(span.text, span.lang)"),
    ("a Chinese title's words not held together", "reporter/compose/linebreak.py",
     "        out.append(_joined(piece) if east_asian else piece)", "        out.append(piece)"),
    ("adjacent punctuation drawn closer than the line breaker measured", "reporter/compose/punctuation.py",
     "        if widths[index] >= FULL_WIDTH * size:", "        if False:"),
    ("a figure never shrinks to end its page", "reporter/pdf/writer.py",
     "    MIN_SCALE = 0.65", "    MIN_SCALE = 1.0"),
    ("the DOCX cover's space above the kicker too tall for a bilingual cover", "reporter/docx/writer.py",
     "before=height * 0.12 if index == 0 else 0", "before=height * 0.3 if index == 0 else 0"),
    ("importer: a deeper list level not started again under a new number", "reporter/importer/wordfile.py",
     "        counts[level + 1:] = [0] * (8 - level)", "        pass"),
    ("importer: every editor's note taken for the book's", "reporter/importer/parse.py",
     'if self.rules.patterns["book_note"].search(text) or _shared(text, book_note) >= 0.5:', "if True:"),
    ("importer: text copied from a PDF left broken", "reporter/importer/article.py",
     "WRAPPED_SHARE = 0.8", "WRAPPED_SHARE = 1.5"),
    ("importer: 一个 and 两项 taken for figures", "reporter/importer/metrics.py",
     '(value >= 10 or match.group("mag"))', '(value >= 0 or match.group("mag"))'),
    ("importer: the title not looked for above the date", "reporter/importer/parse.py",
     'in_order = [marked, next((i for i in naming if self.lines[i].kind != "page"), None), above_date,',
     'in_order = [marked, next((i for i in naming if self.lines[i].kind != "page"), None), None,'),
    ("importer: a table's change read the wrong way", "reporter/importer/tables.py",
     'verb = "提高到" if second > first else', 'verb = "下降到" if second > first else'),
    ("importer: a title broken over two lines not joined", "reporter/importer/parse.py",
     "        return (above is not None and self.title_like(above)",
     "        return False and (above is not None and self.title_like(above)"),
    ("importer: an HTML table's cells dropped", "reporter/importer/article.py",
     "            self._rows[-1].append(text)", "            pass"),
    ("importer: breadcrumbs and menus read as titles", "reporter/importer/parse.py",
     "enumerate(self.lines) if self.noise(line.text) is None),", "enumerate(self.lines) if True),"),
    ("importer: a caption above its picture not kept with it", "reporter/importer/pictures.py",
     '                out[-1] = replace(above, kind="caption", picture=line.picture)',
     "                waiting = line.picture"),
    ("importer: corner quotes of traditional script left", "reporter/importer/script.py",
     "converter.convert(line.text).translate(_MAINLAND_QUOTES)", "converter.convert(line.text)"),
    ("title measure: quotes in Chinese text counted at their Latin width", "reporter/fonts/measure.py",
     "            if is_east_asian(char, east_asian_text) or ord(char) not in latin and ord(char) in east.cmap:",
     "            if is_wide(char) or ord(char) not in latin and ord(char) in east.cmap:"),
    ("preview: a failed build blanks the page", "reporter/preview/session.py",
     "            pages, error, warnings = previous.pages, None, []", "            pages, error, warnings = [], None, []"),
    ("preview: any Host header answered (DNS rebinding)", "reporter/preview/server.py",
     '        if request.headers.get("host") not in allowed_hosts:', "        if False:"),
    ("preview: Ctrl-C ends in uvicorn's re-raised signal", "reporter/preview/server.py",
     "    except KeyboardInterrupt:  # uvicorn raises the signal again once it has shut down: Ctrl-C is the way out",
     "    except ZeroDivisionError:"),
    ("preview: the files watched, not their folders (a save by rename is missed)", "reporter/preview/watch.py",
     "            folders = sorted({str(path.parent) for path in files if path.parent.is_dir()})",
     "            folders = sorted({str(path) for path in files if path.is_file()})"),
    ("preview: the layout's files not watched", "reporter/preview/session.py",
     "        return self._case_files | self._layout_files", "        return self._case_files"),
    ("preview: a layout edit keeps the old builder", "reporter/preview/session.py",
     "                self._layouts.clear()", "                pass"),
    ("importer: a picture read outside the article's folder", "reporter/importer/pictures.py",
     "        if not path.is_relative_to(base):", "        if False:"),
    ("importer: a file that is no picture kept as one", "reporter/importer/pictures.py",
     '    return Picture(data, suffix, line) if suffix else "neither PNG nor JPEG"',
     "    return Picture(data, suffix or '.png', line)"),
    ("page design: side-by-side columns 50/50 whatever the texts", "reporter/compose/brief.py",
     "            blocks = with_share(blocks, ColumnSizer(self.fitter).share(blocks))", "            pass"),
    ("page design: the DOCX columns 50/50", "reporter/docx/writer.py",
     "        gap, (first, second) = self.sheet.column_gap, self.sheet.column_widths(width, block.share)\n        _, cells",
     "        gap, (first, second) = self.sheet.column_gap, self.sheet.column_widths(width)\n        _, cells"),
]


def run(index: int) -> tuple[str, str, float]:
    label, file, old, new = MUTATIONS[index]
    path = ROOT / file
    source = path.read_text("utf-8")
    if source.count(old) != 1:
        return label, f"NOT APPLIED: the line is not in {file} exactly once", 0.0
    started = time.perf_counter()
    try:
        path.write_text(source.replace(old, new), "utf-8")
        result = subprocess.run(PYTEST, cwd=ROOT, capture_output=True, text=True)
    finally:
        path.write_text(source, "utf-8")
    seconds = time.perf_counter() - started
    failed = [line.split(" ", 1)[1].split(" - ")[0] for line in result.stdout.splitlines()
              if line.startswith(("FAILED ", "ERROR "))]
    return label, ("caught by " + ", ".join(failed)) if failed else "SURVIVED: no test failed", seconds


def main(argv: list[str]) -> int:
    chosen = [int(a) - 1 for a in argv] or range(len(MUTATIONS))
    survived = 0
    for index in chosen:
        label, outcome, seconds = run(index)
        survived += not outcome.startswith("caught")
        print(f"{index + 1:2}. {label}: {outcome} ({seconds:.0f} s)", flush=True)
    print(f"{len(chosen) - survived} of {len(chosen)} mutations caught")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
