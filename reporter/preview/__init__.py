"""`reporter preview`: a brief's pages in the browser, built again on every save (session.py builds and draws,
raster.py draws PDF pages with PDFium, watch.py watches the files, server.py serves the page and its events)."""
