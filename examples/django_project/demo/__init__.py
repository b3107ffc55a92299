"""The demo project around the ``gumroad.contrib.django`` app."""
