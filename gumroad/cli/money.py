"""
gumroad.cli.money
~~~~~~~~~~~~~~~~~

``sales``, ``subscribers`` and ``payouts``. ``sales list --all --csv -o
sales.csv`` streams every sale through the SDK's lazy pager, one page in
memory at a time; a refund asks first.
"""

from __future__ import annotations

from typing import Any

from .context import Context
from .listing import add_paging, list_params, positive_int, run_list
from .options import Parents, Subparsers
from .output import write_one
from .safety import confirm

__all__ = ["register"]


def sales(ctx: Context) -> int:
    """``gumroad sales list|get|refund|ship|resend-receipt``."""
    action = ctx.args.action
    resource = ctx.client().sales
    if action == "list":
        names = {"after": "after", "before": "before", "email": "email",
                 "product": "product_id", "order": "order_id"}
        return run_list(ctx, resource.list(**list_params(ctx, names)), "sale")
    sale_id: str = ctx.args.id
    result: Any
    if action == "get":
        result = resource.get(sale_id)
    elif action == "refund":
        amount: int | None = ctx.args.amount_cents
        what = "in full" if amount is None else f"for {amount} (minor units of the sale's currency)"
        confirm(ctx, f"Refund sale {sale_id} {what}")
        result = resource.refund(sale_id, amount_cents=amount)
    elif action == "ship":
        result = resource.mark_as_shipped(sale_id, tracking_url=ctx.args.tracking_url)
    else:
        resource.resend_receipt(sale_id)
        result = {"success": True, "id": sale_id}
        write_one(ctx, result, "result")
        return 0
    write_one(ctx, result, "sale")
    return 0


def subscribers(ctx: Context) -> int:
    """``gumroad subscribers list PRODUCT_ID`` and ``subscribers get ID``."""
    resource = ctx.client().subscribers
    if ctx.args.action == "get":
        write_one(ctx, resource.get(ctx.args.id), "subscriber")
        return 0
    params = list_params(ctx, {"email": "email"})
    return run_list(ctx, resource.list(ctx.args.product_id, **params), "subscriber")


def payouts(ctx: Context) -> int:
    """``gumroad payouts list|get``."""
    resource = ctx.client().payouts
    if ctx.args.action == "get":
        result = resource.get(
            ctx.args.id,
            include_sales=True if ctx.args.include_sales else None,
            include_transactions=True if ctx.args.include_transactions else None,
        )
        write_one(ctx, result, "payout")
        return 0
    params = list_params(ctx, {"after": "after", "before": "before"})
    params["include_upcoming"] = not ctx.args.no_upcoming
    return run_list(ctx, resource.list(**params), "payout")


def register(sub: Subparsers, parents: Parents) -> None:
    """Add these commands to the top-level subparsers *sub*."""
    read = [parents.output, parents.send]
    write = [parents.output, parents.send, parents.confirm]

    p = sub.add_parser("sales", help="list, show, refund, ship sales; resend receipts")
    acts = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = acts.add_parser("list", parents=read, help="list sales, newest first")
    q.add_argument("--after", metavar="YYYY-MM-DD", help="sales on or after this day")
    q.add_argument("--before", metavar="YYYY-MM-DD", help="sales before this day")
    q.add_argument("--email", help="the buyer's email, exactly")
    q.add_argument("--product", metavar="PRODUCT_ID", help="a product's external id")
    q.add_argument("--order", metavar="ORDER_ID", help="the numeric order id")
    add_paging(q)
    q = acts.add_parser("get", parents=read, help="show one sale")
    q.add_argument("id", metavar="SALE_ID")
    q = acts.add_parser("refund", parents=write, help="refund a sale (asks first)")
    q.add_argument("id", metavar="SALE_ID")
    q.add_argument("--amount-cents", type=positive_int, metavar="N",
                   help="partial refund, in minor units of the sale's currency")
    q = acts.add_parser("ship", parents=read, help="mark a sale as shipped")
    q.add_argument("id", metavar="SALE_ID")
    q.add_argument("--tracking-url", metavar="URL")
    q = acts.add_parser("resend-receipt", parents=read, help="email the receipt again")
    q.add_argument("id", metavar="SALE_ID")
    p.set_defaults(handler=sales)

    p = sub.add_parser("subscribers", help="list a membership's active subscribers")
    acts = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = acts.add_parser("list", parents=read, help="list active subscribers, 100 per page")
    q.add_argument("product_id", metavar="PRODUCT_ID")
    q.add_argument("--email", help="only the subscriber with this email")
    add_paging(q)
    q = acts.add_parser("get", parents=read, help="show one subscriber")
    q.add_argument("id", metavar="SUBSCRIBER_ID")
    p.set_defaults(handler=subscribers)

    p = sub.add_parser("payouts", help="list and show payouts")
    acts = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = acts.add_parser("list", parents=read, help="list payouts, newest first")
    q.add_argument("--after", metavar="YYYY-MM-DD")
    q.add_argument("--before", metavar="YYYY-MM-DD")
    q.add_argument("--no-upcoming", action="store_true", help="leave out the upcoming payout")
    add_paging(q)
    q = acts.add_parser("get", parents=read, help="show one payout")
    q.add_argument("id", metavar="PAYOUT_ID")
    q.add_argument("--include-sales", action="store_true", help="list the ids of its sales")
    q.add_argument("--include-transactions", action="store_true")
    p.set_defaults(handler=payouts)
