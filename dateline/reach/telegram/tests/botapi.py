"""A Bot-API-compatible server on loopback, strict where Telegram is strict.

It answers ``POST /bot<token>/<method>`` for sendMessage, sendPhoto, editMessageText,
editMessageCaption and deleteMessage with JSON or form bodies, as api.telegram.org does:
``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": ..., "description": ...}``
with Telegram's own descriptions. It checks the token, the required parameters, the chat
(a known ``@username`` or numeric id), message ids it issued itself, the HTML of
``parse_mode=HTML`` (only Telegram's tags, well nested, every ``<``, ``>`` and ``&``
outside markup escaped) and the limits on the visible text (1024 for a caption, 4096 for
a message, counted in UTF-16 code units, as Telegram counts).

A test can make it answer 429 once (``flood``), or hold the Nth post until it says so
(``hold_post``): the post is taken in when let go, as Telegram takes in a request that has
arrived whole, even when nobody is left to read the answer.
"""

import html
import itertools
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

TOKEN = "123456789:AAtest-token_ThatIsNotReal0123456789"  # noqa: S105  (test data)
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span",
                "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji"}
_MARKUP = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)>|&(#\d+|#x[0-9a-fA-F]+|lt|gt"
                     r"|amp|quot);|[<>&]")
_HREF = re.compile(r'\s+href\s*=\s*"([^"]*)"\s*')


class Refusal(Exception):
    def __init__(self, description, code=400, **parameters):
        super().__init__(description)
        self.description, self.code, self.parameters = description, code, parameters


def units(text):
    return len(text.encode("utf-16-le")) // 2


def parse_html(text):
    """The visible text of Telegram HTML, or Refusal("can't parse entities") as Telegram."""
    visible, open_tags, position = [], [], 0
    for match in _MARKUP.finditer(text):
        visible.append(text[position:match.start()])
        position = match.end()
        closing, tag, attributes, entity = match.group(1, 2, 3, 4)
        if entity:
            visible.append(html.unescape(f"&{entity};"))
        elif tag is None:
            raise Refusal(f"Bad Request: can't parse entities: unexpected \"{match.group()}\" "
                          f"at byte offset {match.start()}")
        elif tag.lower() not in ALLOWED_TAGS:
            raise Refusal(f"Bad Request: can't parse entities: Unsupported start tag \"{tag}\" "
                          f"at byte offset {match.start()}")
        elif closing:
            if not open_tags or open_tags.pop() != tag.lower():
                raise Refusal(f"Bad Request: can't parse entities: Unmatched end tag at byte "
                              f"offset {match.start()}, expected \"</{tag}>\"")
        else:
            if tag.lower() == "a" and not _HREF.fullmatch(attributes or ""):
                raise Refusal("Bad Request: can't parse entities: a link needs href")
            open_tags.append(tag.lower())
    visible.append(text[position:])
    if open_tags:
        raise Refusal(f"Bad Request: can't parse entities: Can't find end tag corresponding "
                      f"to start tag \"{open_tags[-1]}\"")
    return "".join(visible).strip()


class BotAPI:
    """The server's state: chats, the messages it holds, the requests it was sent."""

    def __init__(self, token=TOKEN, chats=("@dateline_global", "@dateline_main")):
        self.token = token
        # The bot's "delete messages" right: without it, only messages under 48 hours old.
        self.may_delete_any = False
        self.chats = {}  # "@name" or "-100…" -> chat dict
        for n, name in enumerate(chats, start=1):
            self.add_chat(name, -1001000000000 - n)
        self.messages = {}  # (chat id, message id) -> message dict
        self.requests = []  # (method, params)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._flood = None
        self._hold_at, self._posts = None, 0
        self.held = threading.Event()
        self.let_go = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def add_chat(self, username, chat_id):
        chat = {"id": chat_id, "title": username.lstrip("@"), "type": "channel",
                "username": username.lstrip("@")}
        self.chats[username] = self.chats[str(chat_id)] = chat

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.let_go.set()
        self.server.shutdown()
        self.server.server_close()

    # -- what tests ask of it ----------------------------------------------------------

    def flood(self, retry_after=3):
        """Answer the next request with 429 Too Many Requests."""
        self._flood = retry_after

    def hold_post(self, nth):
        """Hold the ``nth`` post (sendMessage or sendPhoto) until ``let_go`` is set."""
        self._hold_at = nth

    def posts(self):
        return [m for m in self.messages.values() if not m.get("deleted")]

    def calls(self, method=None):
        return [params for name, params in self.requests if method in (None, name)]

    # -- the Bot API ---------------------------------------------------------------------

    def answer(self, token, method, params):
        """(HTTP status, body) for one request."""
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        handler = getattr(self, f"_{method}", None)
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        with self._lock:
            self.requests.append((method, params))
            flood, self._flood = self._flood, None
        if flood is not None:
            return 429, {"ok": False, "error_code": 429,
                         "description": f"Too Many Requests: retry after {flood}",
                         "parameters": {"retry_after": flood}}
        try:
            return 200, {"ok": True, "result": handler(params)}
        except Refusal as refusal:
            body = {"ok": False, "error_code": refusal.code, "description": refusal.description}
            if refusal.parameters:
                body["parameters"] = refusal.parameters
            return refusal.code, body

    def _chat(self, params):
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            raise Refusal("Bad Request: chat_id is empty")
        chat = self.chats.get(str(chat_id))
        if chat is None:
            raise Refusal("Bad Request: chat not found")
        return chat

    def _formatted(self, params, field, limit, required):
        text = params.get(field)
        if text in (None, ""):
            if required:
                raise Refusal("Bad Request: message text is empty")
            return ""
        mode = params.get("parse_mode")
        if mode not in (None, "", "HTML"):
            raise Refusal(f"Bad Request: unsupported parse_mode {mode}")
        visible = parse_html(text) if mode == "HTML" else text.strip()
        if not visible and required:
            raise Refusal("Bad Request: message text is empty")
        if units(visible) > limit:
            raise Refusal("Bad Request: message caption is too long" if field == "caption"
                          else "Bad Request: message is too long")
        return visible

    def _new_message(self, chat, **content):
        with self._lock:
            message = {"message_id": next(self._ids), "sender_chat": chat, "chat": chat,
                       "date": int(time.time()), **content}
            self.messages[(chat["id"], message["message_id"])] = message
        return message

    def _hold(self):
        with self._lock:
            self._posts += 1
            hold = self._posts == self._hold_at
        if hold:
            self.held.set()
            self.let_go.wait(120)

    def _sendMessage(self, params):  # noqa: N802 (the Bot API's method names)
        chat = self._chat(params)
        text = self._formatted(params, "text", 4096, required=True)
        self._link_preview(params)
        self._hold()
        return self._new_message(chat, text=text, html=params["text"])

    def _sendPhoto(self, params):  # noqa: N802
        chat = self._chat(params)
        photo = params.get("photo")
        if not photo:
            raise Refusal("Bad Request: there is no photo in the request")
        if not re.match(r"https?://[^\s/]+/\S+$", photo):
            raise Refusal("Bad Request: wrong remote file identifier specified: Wrong "
                          "string length")
        caption = self._formatted(params, "caption", 1024, required=False)
        self._hold()
        return self._new_message(chat, caption=caption, html=params.get("caption", ""),
                                 photo=[{"file_id": f"photo-{photo}", "url": photo,
                                         "width": 1200, "height": 675}])

    def _link_preview(self, params):
        options = params.get("link_preview_options")
        if isinstance(options, str):
            options = json.loads(options)
        if options is not None and not isinstance(options, dict):
            raise Refusal("Bad Request: can't parse link preview options")

    def _message(self, params, verb="edit"):
        chat = self._chat(params)
        try:
            message_id = int(params.get("message_id"))
        except (TypeError, ValueError):
            raise Refusal("Bad Request: message identifier is not specified") from None
        message = self.messages.get((chat["id"], message_id))
        if message is None or message.get("deleted"):
            raise Refusal(f"Bad Request: message to {verb} not found")
        return message

    def _edited(self, message, field, visible, source):
        if message.get(field) == visible and message.get("html") == source:
            raise Refusal("Bad Request: message is not modified: specified new message "
                          "content and reply markup are exactly the same as a current "
                          "content and reply markup of the message")
        message.update({field: visible, "html": source, "edit_date": int(time.time())})
        return message

    def _editMessageText(self, params):  # noqa: N802
        message = self._message(params)
        if "photo" in message:
            raise Refusal("Bad Request: there is no text in the message to edit")
        visible = self._formatted(params, "text", 4096, required=True)
        self._link_preview(params)
        return self._edited(message, "text", visible, params["text"])

    def _editMessageCaption(self, params):  # noqa: N802
        message = self._message(params)
        if "photo" not in message:
            raise Refusal("Bad Request: there is no caption in the message to edit")
        visible = self._formatted(params, "caption", 1024, required=False)
        return self._edited(message, "caption", visible, params.get("caption", ""))

    def _deleteMessage(self, params):  # noqa: N802
        message = self._message(params, verb="delete")
        if time.time() - message["date"] > 48 * 3600 and not self.may_delete_any:
            raise Refusal("Bad Request: message can't be deleted")
        message["deleted"] = True
        return True

    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                match = re.fullmatch(r"/bot([^/]+)/([A-Za-z]+)", urlsplit(self.path).path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if match is None:
                    return self._reply(404, {"ok": False, "error_code": 404,
                                             "description": "Not Found"})
                try:
                    params = _params(self.headers.get("Content-Type", ""), raw)
                except ValueError:
                    return self._reply(400, {"ok": False, "error_code": 400,
                                             "description": "Bad Request: invalid body"})
                self._reply(*api.answer(match.group(1), match.group(2), params))

            def _reply(self, status, body):
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client is gone (killed): what was done is done

            def log_message(self, format, *args):
                pass

        return Handler


def _params(content_type, raw):
    if content_type.startswith("application/json"):
        params = json.loads(raw or b"{}")
        if not isinstance(params, dict):
            raise ValueError("not an object")
        return params
    if content_type.startswith("application/x-www-form-urlencoded") or not raw:
        return {key: values[-1] for key, values in parse_qs(raw.decode()).items()}
    raise ValueError(f"unsupported body {content_type}")
