"""Writes the corpus's Word files (10-cnooc-word.docx, 11-baowu-word-plain.docx) as a Chinese Word would save them:
style ids "1", "2", "a5" under the names "heading 1", "heading 2", "caption"; section numbers and subsection
numbers drawn by list numbering (numbering.xml: 一、 and （一）), not typed; a caption above its picture; bullet
lists; tables; a page header. Run it again after changing the text: `python tests/import_corpus/make_word.py`.
The texts are written for these tests; their figures are invented and say nothing about the enterprises."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.shared import Cm, Pt
from PIL import Image

HERE = Path(__file__).resolve().parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NUMBERING = f"""<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="10"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
<w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="11"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
<w:lvlText w:val="（%1）"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="12"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>
<w:lvlText w:val="●"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="13"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="11"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="12"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="13"/></w:num>
</w:numbering>"""


def _picture(colour: tuple[int, int, int]) -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (480, 270), colour).save(data, "PNG")
    data.seek(0)
    return data


def _numbered(paragraph, num_id: int) -> None:
    """Numbered by list numbering: numPr goes first in the paragraph's properties (after its style)."""
    element = paragraph.paragraph_format.element
    properties = element.find(f"{{{W}}}pPr")
    if properties is None:
        properties = parse_xml(f'<w:pPr xmlns:w="{W}"/>')
        element.insert(0, properties)
    style = properties.find(f"{{{W}}}pStyle")
    properties.insert(1 if style is not None else 0, parse_xml(
        f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _chinese_word_styles(document) -> None:
    """Style ids as a Chinese Word writes them; the names stay the built-in ones."""
    renamed = {"Heading1": "1", "Heading2": "2", "Caption": "a5", "ListParagraph": "a6"}
    for style in document.styles:
        if style.style_id in renamed:
            style.element.set(f"{{{W}}}styleId", renamed[style.style_id])
    for p_style in document.element.body.iter(f"{{{W}}}pStyle"):
        value = p_style.get(f"{{{W}}}val")
        p_style.set(f"{{{W}}}val", renamed.get(value, value))


def _save(document, path: Path) -> None:
    """Saved, then its numbering part replaced by ours (python-docx has no public way to write one)."""
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "word/numbering.xml":
                data = NUMBERING.encode()
            fixed = zipfile.ZipInfo(member.filename, date_time=(2021, 11, 16, 0, 0, 0))
            target.writestr(fixed, data, zipfile.ZIP_DEFLATED)


def cnooc() -> None:
    document = Document()
    document.part.numbering_part  # made now, so that the package has one to replace
    document.sections[0].header.paragraphs[0].text = "中国海油 2020年社会责任报告 案例选编"
    document.add_paragraph("中国海油：“蓝色粮仓”海洋牧场助力渔民转产增收", style="Title")
    document.add_paragraph("2021年11月16日")
    document.add_paragraph("摘要：中国海洋石油集团有限公司发挥海洋工程技术优势，建设深远海智能化养殖平台，带动沿海渔民"
                           "转产转业，探索海洋油气与海洋牧场融合发展的新路径。")
    document.add_paragraph("关键词：海洋牧场；渔民转产；融合发展")
    for title, body in (
        ("项目背景", ["近海渔业资源衰退，传统捕捞难以为继，沿海渔民亟需新的增收渠道。"]),
    ):
        _numbered(document.add_paragraph(title, style="Heading 1"), 1)
        for text in body:
            document.add_paragraph(text)
    _numbered(document.add_paragraph("主要做法", style="Heading 1"), 1)
    _numbered(document.add_paragraph("建设深远海养殖平台", style="List Paragraph"), 2)
    document.add_paragraph("中国海油利用海洋工程技术，建成半潜式智能养殖平台“深蓝1号”，养殖水体达到5万立方米，"
                           "年产深海鱼类1500吨。")
    document.add_paragraph("图1 “深蓝1号”智能养殖平台", style="Caption")
    document.add_paragraph().add_run().add_picture(_picture((30, 80, 140)), width=Cm(10))
    _numbered(document.add_paragraph("带动渔民转产就业", style="List Paragraph"), 2)
    document.add_paragraph("平台运营优先招用当地渔民，主要措施包括：")
    for item in ("开展养殖技能培训", "组建渔民合作社", "提供保底收购"):
        _numbered(document.add_paragraph(item, style="List Paragraph"), 3)
    document.add_paragraph("累计培训渔民2100人次，吸纳就业320人。")
    _numbered(document.add_paragraph("取得成效", style="Heading 1"), 1)
    document.add_paragraph("项目实现年产值2.6亿元，参与项目的渔民人均年收入增长35%。主要指标如下：")
    table = document.add_table(rows=4, cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, (("指标", "数值"), ("带动渔民转产", "860户"),
                                                ("养殖平台", "3座"), ("减少近海捕捞量", "1.2万吨"))):
        row.cells[0].text, row.cells[1].text = label, value
    _numbered(document.add_paragraph("下一步计划", style="Heading 1"), 1)
    document.add_paragraph("中国海油将推广“油气+渔业”融合发展模式，力争建成养殖平台10座。")
    _chinese_word_styles(document)
    document.core_properties.author = "中国海油"
    _save(document, HERE / "10-cnooc-word.docx")


def baowu() -> None:
    document = Document()
    document.part.numbering_part  # made now, so that the package has one to replace

    def bold(text: str, size: int = 12) -> None:
        run = document.add_paragraph().add_run(text)
        run.bold, run.font.size = True, Pt(size)

    bold("中国宝武：建设钢铁行业绿色低碳标杆（案例四）", 16)
    document.add_paragraph("报送单位：中国宝武钢铁集团有限公司　　报送日期：2021年10月9日")
    document.add_paragraph("【摘要】中国宝武钢铁集团有限公司率先提出碳达峰、碳中和目标，推进氢冶金等低碳冶金技术研发，"
                           "建设清洁工厂，引领钢铁行业绿色低碳转型。")
    document.add_paragraph("【关键词】低碳冶金　清洁工厂　碳中和")
    bold("一、背景")
    document.add_paragraph("钢铁行业是碳排放大户，碳排放量约占全国总量的15%。")
    bold("二、责任行动")
    bold("（一）研发低碳冶金技术")
    document.add_paragraph("中国宝武设立低碳冶金创新基金，每年投入研发资金3500万元，建成富氢碳循环高炉试验平台。")
    bold("（二）建设清洁工厂")
    document.add_paragraph("所属钢铁基地全部完成超低排放改造，建成清洁工厂27家。")
    document.add_paragraph().add_run().add_picture(_picture((60, 120, 60)), width=Cm(10))
    document.add_paragraph("图为宝武湛江钢铁基地")
    bold("三、履责成效")
    document.add_paragraph("2020年，中国宝武吨钢综合能耗下降到552千克标准煤，吨钢二氧化碳排放同比下降2.6%。")
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, (("指标", "2019年", "2020年"), ("固体废物返生产利用率", "97.5%", "99.1%"),
                                       ("吨钢耗新水", "3.1立方米", "2.9立方米"))):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    bold("四、展望")
    document.add_paragraph("中国宝武将力争2023年实现碳达峰，2050年实现碳中和。")
    _save(document, HERE / "11-baowu-word-plain.docx")


def _styled(paragraphs: list[tuple[str | None, str]]):
    """A document of (style, text) paragraphs, in order (None: the normal style)."""
    document = Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    return document


def cofco() -> None:
    """Written after the importer's fixes for the first 22 articles, as an unseen article."""
    _save(_styled([
        ("Heading 1", "中粮集团：打造从田间到餐桌的“放心粮油”全产业链"),
        (None, "中粮集团有限公司　2021年12月"),
        (None, "发布日期：2021年12月3日"),
        (None, "内容摘要：中粮集团有限公司发挥全产业链优势，建立覆盖种植、收储、加工、物流和销售的粮油质量安全管控体系，"
               "保障国家粮食安全和百姓“舌尖上的安全”。"),
        (None, "Abstract: COFCO builds a quality and safety system for grain and oil from the field to the table."),
        (None, "关键词：粮食安全；全产业链；质量管控"),
        ("Heading 2", "第一部分 背景"),
        (None, "粮食安全是国家安全的重要基础。我国粮油产业链条长、环节多，质量安全管控难度大。"),
        ("Heading 2", "第二部分 责任行动"),
        ("Heading 3", "源头管控"),
        (None, "中粮集团建设优质粮源基地1200万亩，与8.6万户农户签订订单收购协议。"),
        ("Heading 3", "全程追溯"),
        (None, "建成粮油质量追溯平台，覆盖加工企业156家，产品抽检合格率达到99.6%。"),
        ("Heading 2", "第三部分 履责成效"),
        (None, "2020年，中粮集团粮油加工能力达到1.2亿吨，连续多年未发生重大食品安全事故，中粮“福临门”品牌价值提升到650亿元。"),
        ("Heading 2", "第四部分 展望"),
        (None, "中粮集团将持续提升全产业链质量管控水平，当好国家粮食安全“压舱石”。"),
    ]), HERE / "25-cofco-word-levels.docx")


def _wps_styles(document) -> None:
    """Style names as WPS writes them in a Chinese document: 标题 1, 标题 2, 题注."""
    renamed = {"Heading 1": "标题 1", "Heading 2": "标题 2", "Caption": "题注"}
    for style in document.styles:
        if style.name in renamed:
            style.element.find(f"{{{W}}}name").set(f"{{{W}}}val", renamed[style.name])


def huadian() -> None:
    """Round 3: written after round 2's mending, measured once before any change for it."""
    document = Document()
    document.add_paragraph("中国华电：“光伏+治沙”让荒漠变绿洲（案例二）").runs[0].bold = True
    document.add_paragraph("责任云　2021-10-11")
    document.add_paragraph("摘要：中国华电集团有限公司在内蒙古库布其沙漠建设光伏治沙项目，板上发电、板下种植、板间养殖，"
                           "实现生态效益、经济效益和社会效益相统一。")
    document.add_paragraph("关键词：光伏治沙；生态修复；新能源")
    document.add_paragraph("背景", style="Heading 1")
    document.add_paragraph("库布其沙漠是我国第七大沙漠，风沙危害严重，当地群众生产生活条件艰苦。")
    document.add_paragraph("责任行动", style="Heading 1")
    document.add_paragraph("板上发电", style="Heading 2")
    document.add_paragraph("中国华电在库布其沙漠建成光伏电站，装机容量达到200万千瓦，年发电量约40亿千瓦时。")
    document.add_paragraph().add_run().add_picture(_picture((200, 170, 90)), width=Cm(10))
    document.add_paragraph("库布其沙漠光伏治沙项目全景", style="Caption")
    document.add_paragraph("板下种植", style="Heading 2")
    document.add_paragraph("在光伏板下种植甘草、黄芪等耐旱作物，治理沙化土地3.5万亩，带动当地农牧民就业1500余人。")
    document.add_paragraph("履责成效", style="Heading 1")
    table = document.add_table(rows=3, cols=2)
    for row, (label, value) in zip(table.rows, (("项目", "成效"), ("植被覆盖率", "从3%提高到53%"),
                                                ("年减排二氧化碳", "320万吨"))):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_paragraph("项目被联合国环境规划署列为“全球沙漠生态经济示范项目”。")
    document.add_paragraph("展望", style="Heading 1")
    document.add_paragraph("中国华电将推广“光伏+治沙”模式，让更多荒漠变绿洲。")
    _wps_styles(document)
    _save(document, HERE / "31-huadian-wps.docx")


def china_gold() -> None:
    """Round 3: a Hong Kong subsidiary's Word file in traditional script."""
    _save(_styled([
        ("Title", "中國黃金集團：綠色礦業守護青山綠水"),
        (None, "日期：2021年12月7日"),
        (None, "摘要：中國黃金集團有限公司推進綠色礦山建設和尾礦綜合利用，以科技創新推動黃金產業綠色低碳發展。"),
        (None, "關鍵詞：綠色礦山　尾礦利用　低碳發展"),
        ("Heading 1", "背景"),
        (None, "黃金開採過程中產生的尾礦和廢水，若處置不當會對生態環境造成影響。"),
        ("Heading 1", "責任行動"),
        (None, "中國黃金集團投入環保資金9.8億元，建成尾礦綜合利用項目17個，礦山廢水循環利用率達到95%。"),
        ("Heading 1", "履責成效"),
        (None, "中國黃金集團所屬22座礦山入選國家級綠色礦山名錄，單位產值能耗同比下降6.5%。"),
        ("Heading 1", "展望"),
        (None, "中國黃金集團將繼續建設綠色礦業，打造世界一流黃金企業。"),
    ]), HERE / "36-china-gold-traditional.docx")


if __name__ == "__main__":
    cnooc()
    baowu()
    cofco()
    huadian()
    china_gold()
