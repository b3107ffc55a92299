"""``python -m gumroad``: the ``gumroad`` command line (see :mod:`gumroad.cli`)."""

from gumroad.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
