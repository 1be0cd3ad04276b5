"""PDF specifics: pages shown turned (/Rotate 90 or 270, landscape tables)
read as displayed; page numbers are not values; provenance has pages."""

from __future__ import annotations

import io

import pytest

from gongkai.reader import read_bytes

pdfium = pytest.importorskip("pypdfium2")


def turned(data: bytes, rotation: int) -> bytes:
    """Every page turned: content rotated one way, /Rotate the other, so the
    page still shows upright (what landscape pages in real reports do)."""
    pdf = pdfium.PdfDocument(data)
    for page in pdf:
        w, h = page.get_size()
        m = pdfium.PdfMatrix()
        m = m.rotate(90, ccw=True).translate(h, 0) if rotation == 90 else m.rotate(90).translate(0, w)
        for obj in list(page.get_objects()):
            obj.transform(m)
        page.set_mediabox(0, 0, h, w)
        page.set_rotation(rotation)
        page.gen_content()
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("rotation", [90, 270])
def test_turned_pages_read_as_displayed(corpus_dir, rotation):
    data = (corpus_dir / "hongze_district_gov_2023.pdf").read_bytes()
    r = read_bytes(turned(data, rotation), name="r.pdf")
    assert r.agency == "淮安市洪泽区人民政府"
    assert r.requests.new_received == [21, 0, 0, 0, 0, 0, 21]
    assert r.requests.unavailable_not_held == [10, 0, 0, 0, 0, 0, 10]
    assert r.appeals.reconsideration == [10, 1, 0, 0, 0]
    assert r.active.fees_10k_yuan is not None and str(r.active.fees_10k_yuan) == "7730.28"


def test_page_numbers_are_not_values(corpus_dir):
    r = read_bytes((corpus_dir / "hongze_district_gov_2023.pdf").read_bytes(), name="r.pdf")
    assert not any("无法对应" in n for n in r.notes)
    assert r.provenance["requests.carried_forward.0"].page == 4
    assert r.provenance["active.licensing"].page == 2
