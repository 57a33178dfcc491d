"""Canvas tools (brush, selection, fill, clone, crop...) and ``install.install_tools(window)``."""
