"""Sphinx configuration for the gumroad docs."""

import os
import sys

sys.path.insert(0, os.path.abspath(".."))

from gumroad.__version__ import __version__  # noqa: E402

project = "gumroad"
author = "The gumroad-python developers"
copyright = "2026, the gumroad-python developers"  # noqa: A001
release = __version__
version = __version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
    "myst_parser",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
master_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}

html_theme = "furo"
html_title = f"gumroad {release}"
