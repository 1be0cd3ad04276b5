import io

import pypdfium2
import pytest

pytestmark = pytest.mark.django_db
def test_probe():
    from gongkai.render import layout, render
    from gongkai.reports import demo, services
    from gongkai.reports.models import AnnualReport
    demo.populate(io.StringIO())
    for obj in AnnualReport.objects.all():
        rep = services.live_report(obj)
        t = layout.tables(rep)
        if obj.year == 2025:
            for k, tab in t.items():
                print(k, "head", [[c.text for c in r] for r in tab.head][:3], "breaks", tab.breaks)
                for r in tab.body[:40]:
                    print("   ", [ (c.text, c.header) for c in r][:4])
        pdf = pypdfium2.PdfDocument(render(rep, "pdf"))
        for i in range(len(pdf)):
            lines = [l for l in pdf[i].get_textpage().get_text_range().splitlines() if l.strip()]
            print(obj.year, i, "LAST:", lines[-4:])
