"""The site's interface in gettext (generator/site/ui.py, templates/i18n/): the catalogs are
valid (msgfmt -c), up to date with what the templates and views say, fully translated, their
plural forms right for 1 and many, and a message is text, never markup."""

from __future__ import annotations

import gettext
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from generator.site import urls
from generator.site.ui import Interface, catalog_dir, template_catalog, update_catalogs
from generator.site.views.page import Page
from generator.site.writer import TEMPLATES, environment

ROOT = Path(__file__).resolve().parent.parent
CODE = ROOT / "generator"
PO = catalog_dir(TEMPLATES) / "en.po"
POT = catalog_dir(TEMPLATES) / "site.pot"
ENGLISH = Interface.load(TEMPLATES)
FINDINGS = "%(num)s 条核对结果：%(severity)s"


def read(path: Path) -> Catalog:
    with open(path, "rb") as f:
        return read_po(f)


@pytest.mark.parametrize(
    "path", [PO, POT, ROOT / "content" / "i18n" / "en.po"], ids=["site-en", "site-pot", "documents"]
)
def test_the_catalogs_validate_with_msgfmt(path: Path) -> None:
    run = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    if path == PO:
        assert run.stderr == ""  # not even a warning about its header


def test_the_catalogs_hold_every_message_said_and_every_one_is_translated(tmp_path: Path) -> None:
    extracted = {m.id for m in template_catalog(TEMPLATES, CODE) if m.id}
    assert {m.id for m in read(POT) if m.id} == extracted
    po = read(PO)
    assert {m.id for m in po if m.id} == extracted and not po.obsolete
    assert [
        m.id for m in po if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ] == []
    # messages said in the views (s.t, s.nt, N_) are extracted too, plural ones as plural
    assert "收入来源" in extracted and "不一致" in extracted and (FINDINGS, FINDINGS) in extracted
    # `make strings` on catalogs already up to date rewrites them byte for byte
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    update_catalogs(copy, CODE)
    assert (catalog_dir(copy) / "en.po").read_bytes() == PO.read_bytes()
    assert (catalog_dir(copy) / "site.pot").read_bytes() == POT.read_bytes()


def test_make_strings_adds_a_new_message_and_marks_a_changed_one_fuzzy(tmp_path: Path) -> None:
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    about = (copy / "about.html").read_text(encoding="utf-8")
    about = about.replace("{{ _('英文页面的翻译') }}", "{{ _('英文页面怎样翻译') }}")
    (copy / "about.html").write_text(about + "{{ _('一条新消息') }}\n", encoding="utf-8")
    r = update_catalogs(copy, CODE)
    po = read(catalog_dir(copy) / "en.po")
    assert po.get("一条新消息").string == "" and "一条新消息" in {m.id for m in read(catalog_dir(copy) / "site.pot")}
    changed = po.get("英文页面怎样翻译")
    assert changed.fuzzy and changed.string == "Translating the English pages"  # the old one, to review
    assert (r.untranslated, r.fuzzy, r.obsolete) == (1, 1, 0)  # the old message is now the fuzzy one


def test_plurals_for_one_and_many() -> None:
    assert ENGLISH.ngettext("en", FINDINGS, FINDINGS, 1, severity="doubtful") == "1 finding: doubtful"
    assert ENGLISH.ngettext("en", FINDINGS, FINDINGS, 3, severity="doubtful") == "3 findings: doubtful"
    assert ENGLISH.ngettext("zh", FINDINGS, FINDINGS, 3, severity="存疑") == "3 条核对结果：存疑"
    # the landing page's count (site.views.landing; the page itself: tests/test_landing.py)
    said = "%(years)s 年%(where)s部门预算 %(num)s 份：%(districts)s。"
    kw = {"years": "2024", "where": "Shenzhen", "districts": "Luohu District"}
    assert ENGLISH.ngettext("en", said, said, 1, **kw) == "1 departmental budget of Shenzhen for 2024: Luohu District."
    assert ENGLISH.ngettext("en", said, said, 7, **kw) == "7 departmental budgets of Shenzhen for 2024: Luohu District."
    assert (
        ENGLISH.ngettext("zh", said, said, 7, **{**kw, "where": "深圳市"})
        == "2024 年深圳市部门预算 7 份：Luohu District。"
    )


def test_plurals_on_the_pages_of_a_budget(tmp_path: Path) -> None:
    """A row with one finding and a row with three (a budget made from a seed whose rows carry
    its rounding differences: tests/new_budget.py)."""
    from new_budget import BUDGET_ID, make, write_content

    from generator.build import build

    content = write_content(tmp_path / "content", make())
    build(content, tmp_path / "site", log=lambda *a, **k: None, search=False)
    pages = {
        lang: (tmp_path / "site" / lang / "budgets" / BUDGET_ID / "index.html").read_text("utf-8")
        for lang in ("zh", "en")
    }
    assert '<span class="vh">1 finding: Rounding</span>' in pages["en"]
    assert '<span class="vh">3 findings: Rounding</span>' in pages["en"]
    assert '<span class="vh">3 条核对结果：尾数误差</span>' in pages["zh"]
    checks = len(re.findall(r'<div class="check-item"[ >]', pages["en"]))
    assert checks > 1 and f"What is checked ({checks} checks)</summary>" in pages["en"]


def interface(english: dict[str, str]) -> Interface:
    catalog = Catalog(locale="en", domain="site")
    for zh, en in english.items():
        catalog.add(zh, en)
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return Interface(gettext.GNUTranslations(mo))


def test_a_message_is_text_its_values_escaped_too() -> None:
    env = environment(interface({"%(year)s 年部门预算": "<b>Budget</b> %(year)s & more", "主导航": 'Main "nav"'}))
    page = Page(urls.page(urls.HOME, "en"), "")
    html = env.from_string("{{ _('%(year)s 年部门预算', year=y) }}|<a aria-label=\"{{ _('主导航') }}\">").render(
        page=page, y="<i>"
    )
    assert html == '&lt;b&gt;Budget&lt;/b&gt; &lt;i&gt; &amp; more|<a aria-label="Main &#34;nav&#34;">'
    zh = env.from_string("{{ _('%(year)s 年部门预算', year=2024) }}").render(page=Page(urls.page(urls.HOME, "zh"), ""))
    assert zh == "2024 年部门预算"


def test_every_message_a_build_says_is_in_the_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the pages say at run time, recorded as they say it (one worker: in this process),
    against the catalog: a message the extraction cannot see (made up at run time, in an
    f-string) would be shown in Chinese on the English pages."""
    from new_budget import make, write_content

    from generator.build import build

    said: set[object] = set()
    for name, key in (("raw", lambda a: a[1]), ("raw_plural", lambda a: (a[1], a[2])), ("raw_context", lambda a: a[2])):
        method = getattr(Interface, name)

        def recording(self: Interface, *a: object, _m: object = method, _k: object = key) -> str:
            said.add(_k(a))  # type: ignore[operator]
            return _m(self, *a)  # type: ignore[operator]

        monkeypatch.setattr(Interface, name, recording)
    for content in (ROOT / "tests" / "golden-site" / "content", write_content(tmp_path / "content", make())):
        build(content, tmp_path / f"site-{len(said)}", log=lambda *a, **k: None, search=False, jobs=1)
    known = {m.id for m in read(PO) if m.id}
    assert len(said) > 100 and said - known == set()
