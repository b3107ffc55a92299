"""
gumroad.cli
~~~~~~~~~~~

The ``gumroad`` command line: log in, read and change a Gumroad account,
export sales, call any endpoint, and run a local sandbox. Built on the
standard library's :mod:`argparse`, so it needs nothing beyond the SDK.

Usage:

.. code-block:: console

    $ gumroad auth login --client-id YOUR_APP_ID
    $ gumroad sales list --all --csv -o sales.csv
    $ python -m gumroad demo

From Python, :func:`main` takes the arguments and returns the exit code::

    from gumroad.cli import main
    assert main(["whoami", "--json"]) == 0

``import gumroad`` never imports this package.
"""

from .main import main

__all__ = ["main"]
