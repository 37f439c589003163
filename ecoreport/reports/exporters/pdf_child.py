"""Run by ``pdf.weasyprint_beside`` as a child interpreter: WeasyPrint imported first, then the
HTML read from stdin and written to stdout as PDF, as ``pdf.html_to_pdf`` makes it.

No Django and nothing of the project: the child only starts WeasyPrint early.
"""

import gc
import sys

_WARM_UP = '<p style="font-family: serif">庐山</p><p style="font-family: sans-serif">庐山</p>'


def main() -> None:
    # As manage.py does: the import's objects live as long as the process, so the cyclic garbage
    # collector is paused while they are built and then no longer walks them (2% of the child's work).
    gc.disable()
    from weasyprint import HTML

    gc.freeze()
    gc.enable()
    # While the parent is still making the document: WeasyPrint's first document sets up
    # fontconfig, Pango and its stylesheets once per process (about 3% of the seed PDF's work).
    HTML(string=_WARM_UP).write_pdf()
    html = sys.stdin.buffer.read().decode()
    if html:  # nothing sent: the parent gave up before its document was made
        sys.stdout.buffer.write(HTML(string=html).write_pdf())


if __name__ == "__main__":
    main()
