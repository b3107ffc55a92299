"""Sphinx configuration for the gumroad docs.

Build: ``python -m sphinx -W --keep-going -b html docs docs/_build/html``. No network is
needed: intersphinx reads the small inventories in ``_inventories/`` (regenerate them
with ``python docs/_inventories/make.py``), and every cross-reference must resolve
(``nitpicky``), so a link to a Python, requests or requests-oauthlib object that the
inventories lack fails the build.
"""

import os
import sys

sys.path.insert(0, os.path.abspath(".."))

from gumroad.__version__ import __version__

project = "gumroad"
author = "The gumroad-python developers"
copyright = "2026, the gumroad-python developers"
release = __version__
version = __version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "myst_parser",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
master_doc = "index"
exclude_patterns = ["_build", "_inventories", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- autodoc ------------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
# No default "members": with it, Sphinx 9 ignores an explicit ":members: a, b" list.
autodoc_default_options = {"show-inheritance": True}
autodoc_preserve_defaults = True

# gumroad.contrib.django imports its models; give Django the smallest configuration
# that lets autodoc import them.
try:
    import django
    from django.conf import settings as _django_settings
except ImportError:  # pragma: no cover - the docs extra installs Django
    pass
else:
    if not _django_settings.configured:
        _django_settings.configure(
            INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "gumroad.contrib.django"],
            DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
            USE_TZ=True,
        )
        django.setup()

# -- cross-references, offline ------------------------------------------------------------
# The inventories list only the outside objects these pages and the docstrings name,
# with their real URLs; python docs/_inventories/make.py writes them.
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", "_inventories/python.inv"),
    "requests": ("https://requests.readthedocs.io/en/latest", "_inventories/requests.inv"),
    "requests-oauthlib": (
        "https://requests-oauthlib.readthedocs.io/en/latest",
        "_inventories/requests-oauthlib.inv",
    ),
}
intersphinx_disabled_reftypes = ["std:doc"]

nitpicky = True
nitpick_ignore = [
    # Type variables, and type aliases that signatures show by name; they are not
    # public objects, so there is nothing to link to.
    ("py:class", "T"),
    ("py:class", "gumroad.pagination.T"),
    ("py:obj", "gumroad.pagination.T"),
    ("py:obj", "gumroad.export.T"),
    ("py:class", "Fetch"),
    ("py:class", "TimeoutArg"),
    ("py:class", "TokenSaver"),
    ("py:class", "ScopesArg"),
    ("py:class", "LoadToken"),
    ("py:class", "SaveToken"),
    ("py:class", "DeleteToken"),
    ("py:class", "LockToken"),
    ("py:class", "OnPing"),
]
nitpick_ignore_regex = [
    # Private modules show up in signatures (base classes, return types); they are
    # not part of the public API, so they have no page to link to.
    ("py:.*", r"gumroad(\.\w+)*\._\w+(\.\w+)*"),
    # The optional frameworks have no inventory here: their names stay plain text.
    ("py:.*", r"(flask|werkzeug|django|redis|responses)(\..*)?"),
    ("py:class", r"Flask|HttpRequest|HttpResponse\w*"),
]

# -- HTML ---------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"gumroad {release}"
