"""Reach: everything that carries the news outward (newsletters, web push, Telegram, WebSub),
each send an outbox row written in the publishing transaction and sent by the worker once."""
