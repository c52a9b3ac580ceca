"""The Telegram Mini App: server-rendered pages beside the handlers, with the same rules
(they call services, never storage), authenticated by Telegram's initData on every request."""
