"""One page: "Connect Gumroad", or the seller's name, products, recent sales and "Disconnect"."""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model, login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gumroad.contrib.django import client_for
from gumroad.contrib.django.models import GumroadToken


def index(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        # Stands in for your own login: every browser is the one demo user.
        user, _ = get_user_model().objects.get_or_create(username="demo")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if not GumroadToken.objects.filter(user_id=request.user.pk).exists():
        return render(request, "demo/index.html", {"seller": None})
    with client_for(request.user) as client:
        context = {
            "seller": client.user.get(),
            "products": list(client.products.list()),
            "sales": list(itertools.islice(client.sales.list(), 5)),
        }
    return render(request, "demo/index.html", context)
