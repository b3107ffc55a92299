"""
gumroad.cli.catalog
~~~~~~~~~~~~~~~~~~~

``whoami``, ``products``, ``licenses`` and ``webhooks``: thin wrappers over
the SDK's resources. Each handler builds one SDK call and hands the result to
the output writers; disable, delete and rotate ask first.
"""

from __future__ import annotations

from typing import Any

from ..resources.resource_subscriptions import RESOURCE_NAMES
from .context import Context
from .listing import add_paging, list_params, run_list
from .options import Parents, Subparsers
from .output import write_list, write_one
from .safety import confirm

__all__ = ["register"]

def whoami(ctx: Context) -> int:
    """``gumroad whoami``: the seller the token belongs to."""
    write_one(ctx, ctx.client().user.get(), "user")
    return 0


def products(ctx: Context) -> int:
    """``gumroad products list|get|enable|disable|delete``."""
    action = ctx.args.action
    resource = ctx.client().products
    if action == "list":
        return run_list(ctx, resource.list(**list_params(ctx, {})), "product")
    product_id: str = ctx.args.id
    result: Any
    if action == "get":
        result = resource.get(product_id)
    elif action == "enable":
        result = resource.enable(product_id)
    elif action == "disable":
        confirm(ctx, f"Unpublish product {product_id}")
        result = resource.disable(product_id)
    else:
        confirm(ctx, f"Delete product {product_id}")
        result = resource.delete(product_id)
    write_one(ctx, result, "product" if action != "delete" else "result")
    return 0


def licenses(ctx: Context) -> int:
    """``gumroad licenses verify|enable|disable|decrement|rotate PRODUCT_ID KEY``."""
    action = ctx.args.action
    product_id: str = ctx.args.product_id
    key: str = ctx.args.license_key
    if action == "verify":
        client = ctx.client(anonymous=True)
        increment = not ctx.args.no_increment
        result = client.licenses.verify(product_id, key, increment_uses_count=increment)
    else:
        resource = ctx.client().licenses
        if action == "enable":
            result = resource.enable(product_id, key)
        elif action == "disable":
            confirm(ctx, f"Disable this license key of product {product_id}")
            result = resource.disable(product_id, key)
        elif action == "decrement":
            result = resource.decrement_uses_count(product_id, key)
        else:
            confirm(ctx, f"Rotate (replace) this license key of product {product_id}")
            result = resource.rotate(product_id, key)
    write_one(ctx, result, "license")
    return 0


def webhooks(ctx: Context) -> int:
    """``gumroad webhooks list|create|delete`` (Gumroad's resource subscriptions)."""
    action = ctx.args.action
    resource = ctx.client().resource_subscriptions
    if action == "list":
        names = [ctx.args.resource_name] if ctx.args.resource_name else list(RESOURCE_NAMES)
        items = (hook for name in names for hook in resource.list(name))
        write_list(ctx, items, "webhook")
        return 0
    if action == "create":
        write_one(ctx, resource.create(ctx.args.resource_name, ctx.args.post_url), "webhook")
        return 0
    confirm(ctx, f"Delete webhook {ctx.args.id}")
    write_one(ctx, resource.delete(ctx.args.id), "result")
    return 0


def register(sub: Subparsers, parents: Parents) -> None:
    """Add these commands to the top-level subparsers *sub*."""
    read = [parents.output, parents.send]
    write = [parents.output, parents.send, parents.confirm]

    p = sub.add_parser("whoami", parents=read, help="show the seller the token belongs to")
    p.set_defaults(handler=whoami)

    p = sub.add_parser("products", help="list, show, publish, unpublish, delete products")
    acts = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = acts.add_parser("list", parents=read, help="list products")
    add_paging(q)
    for name, helptext, parent in (
        ("get", "show one product", read),
        ("enable", "publish a product", read),
        ("disable", "unpublish a product (asks first)", write),
        ("delete", "delete a product (asks first)", write),
    ):
        q = acts.add_parser(name, parents=parent, help=helptext)
        q.add_argument("id", metavar="PRODUCT_ID", help="external id or unique permalink")
    p.set_defaults(handler=products)

    p = sub.add_parser("licenses", help="verify, enable, disable, decrement, rotate license keys")
    acts = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, helptext, parent in (
        ("verify", "check a key (needs no login; counts a use unless --no-increment)", read),
        ("enable", "enable a disabled key", read),
        ("disable", "disable a key (asks first)", write),
        ("decrement", "take one off the key's use count", read),
        ("rotate", "replace the key with a new one (asks first)", write),
    ):
        q = acts.add_parser(name, parents=parent, help=helptext)
        q.add_argument("product_id", metavar="PRODUCT_ID", help="the product's external id")
        q.add_argument("license_key", metavar="LICENSE_KEY")
        if name == "verify":
            q.add_argument("--no-increment", action="store_true",
                           help="do not count this check as a use")
    p.set_defaults(handler=licenses)

    p = sub.add_parser("webhooks", help="list, create, delete webhooks (resource subscriptions)")
    acts = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = acts.add_parser("list", parents=read, help="list webhooks (all event names by default)")
    q.add_argument("resource_name", nargs="?", choices=RESOURCE_NAMES, metavar="EVENT",
                   help=f"one of {', '.join(RESOURCE_NAMES)}")
    q = acts.add_parser("create", parents=read, help="send EVENT pings to URL")
    q.add_argument("resource_name", choices=RESOURCE_NAMES, metavar="EVENT",
                   help=f"one of {', '.join(RESOURCE_NAMES)}")
    q.add_argument("post_url", metavar="URL", help="a public http(s) URL")
    q = acts.add_parser("delete", parents=write, help="delete a webhook (asks first)")
    q.add_argument("id", metavar="WEBHOOK_ID")
    p.set_defaults(handler=webhooks)

