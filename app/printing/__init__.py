"""What an assembly prints, files and signs: PDF of versions and amendments, ODT and DOCX, imports.

PDFs are HTML print templates (templates/print/) laid out by WeasyPrint with the serif face
shipped in app/static/fonts; office files go through pandoc. Nothing is fetched at run time.
"""
