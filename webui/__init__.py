"""Server-rendered pages for browsing the graph."""
