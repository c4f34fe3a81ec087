"""Fetching feeds and pictures from outside without being turned against the inside.

A feed or an image address comes from someone else, so it is treated as hostile:

- only ``http`` and ``https``, and no user name or password in the address;
- the host name is resolved here and *every* address it resolves to is checked: no
  loopback, private, link-local, multicast, reserved, unspecified, shared (CGNAT) or
  cloud-metadata address, IPv4 or IPv6, including IPv4 hidden in an IPv6 form
  (``::ffff:127.0.0.1``, 6to4, Teredo, NAT64); then the connection goes to the checked
  address itself, so a second DNS answer cannot swap in another one (DNS rebinding);
- redirects are not followed by the HTTP library but here, each hop checked again;
- every socket operation has a timeout, the whole fetch a deadline, and the body a size
  limit (checked against ``Content-Length`` first, then while reading); compressed
  responses are refused, so the limit is the size that lands in memory.

Tests that need a real fetch start a server on loopback and pass ``allow_loopback=True``
(or set ``DATELINE_INGEST_ALLOW_LOOPBACK``); by default loopback is refused like the rest.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings

MAX_FEED_BYTES = 10 * 1024 * 1024
MAX_IMAGE_BYTES = 20 * 1024 * 1024
TIMEOUT = 15  # seconds, for each connect and each read
DEADLINE = 60  # seconds, for the whole fetch including redirects
MAX_REDIRECTS = 5
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
USER_AGENT = "Dateline-Ingest/1.0"

# Named in the error so that the log says what was tried; all are non-public anyway.
CLOUD_METADATA = {
    ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack, DigitalOcean
    ipaddress.ip_address("169.254.170.2"),  # AWS ECS task metadata
    ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
    ipaddress.ip_address("192.0.0.192"),  # Oracle Cloud
    ipaddress.ip_address("fd00:ec2::254"),  # AWS over IPv6
}
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(Exception):
    """The address could not or must not be fetched; the message says why."""


class BlockedAddress(FetchError):
    pass


@dataclass
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str


def allow_loopback_default():
    return bool(getattr(settings, "DATELINE_INGEST_ALLOW_LOOPBACK", False))


def forbidden_reason(address, allow_loopback=False):
    """Why ``address`` (an IP address string) must not be contacted, or None if it may."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if ip in NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            reason = forbidden_reason(str(embedded), allow_loopback)
            if reason:
                return f"{reason} (inside {ip})"
            if ip.ipv4_mapped:
                return None
    if ip.is_loopback:
        return None if allow_loopback else "a loopback address"
    if ip in CLOUD_METADATA:
        return "a cloud metadata address"
    for test, reason in (("is_link_local", "a link-local address"),
                         ("is_multicast", "a multicast address"),
                         ("is_unspecified", "an unspecified address"),
                         ("is_reserved", "a reserved address"),
                         ("is_private", "a private address")):
        if getattr(ip, test):
            return reason
    if not ip.is_global:
        return "not a public address"
    return None


def resolve(host, port, allow_loopback=False):
    """The addresses ``host`` resolves to, all of them checked; raise if any is forbidden."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise FetchError(f"cannot resolve {host!r}: {exc}") from None
    addresses = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = sockaddr[0]
        reason = forbidden_reason(address, allow_loopback)
        if reason:
            raise BlockedAddress(f"{host} resolves to {address}, {reason}; refused")
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError(f"cannot resolve {host!r}")
    return addresses


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Speaks to ``host`` (Host header) at an address checked beforehand."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As above, with TLS verified against the host name, not the address."""

    def __init__(self, host, port, address, timeout, context):
        super().__init__(host, port, timeout=timeout, context=context)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _target(url):
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"not a valid address: {exc}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise BlockedAddress(f"only http and https addresses are fetched, not {url!r}")
    if parts.username is not None or parts.password is not None:
        raise BlockedAddress("addresses with a user name or password are refused")
    if not parts.hostname:
        raise FetchError(f"no host in {url!r}")
    scheme = parts.scheme.lower()
    port = port or (443 if scheme == "https" else 80)
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return scheme, parts.hostname, port, path


def fetch(url, *, max_bytes=MAX_FEED_BYTES, allow_loopback=None, timeout=TIMEOUT,
          deadline=DEADLINE, accept="*/*"):
    """GET ``url`` under the rules above and return a ``Fetched``; raise ``FetchError``."""
    if allow_loopback is None:
        allow_loopback = allow_loopback_default()
    started = time.monotonic()
    context = ssl.create_default_context()
    for _hop in range(MAX_REDIRECTS + 1):
        scheme, host, port, path = _target(url)
        addresses = resolve(host, port, allow_loopback)
        response, connection = _open(scheme, host, port, path, addresses, timeout, context, accept)
        try:
            if response.status in REDIRECT_STATUSES:
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"HTTP {response.status} without a Location from {url}")
                url = urljoin(url, location.strip())
                continue
            if response.status != 200:
                raise FetchError(f"HTTP {response.status} {response.reason} from {url}")
            content = _read(response, url, max_bytes, started, deadline)
            return Fetched(url=url, content=content,
                           content_type=response.getheader("Content-Type") or "")
        finally:
            connection.close()
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def _open(scheme, host, port, path, addresses, timeout, context, accept):
    last_error = None
    for address in addresses:
        if scheme == "https":
            connection = _PinnedHTTPSConnection(host, port, address, timeout, context)
        else:
            connection = _PinnedHTTPConnection(host, port, address, timeout)
        try:
            connection.request("GET", path, headers={
                "User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "identity",
                "Connection": "close"})
            return connection.getresponse(), connection
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            last_error = exc
    raise FetchError(f"cannot fetch from {host}: {last_error}")


def _read(response, url, max_bytes, started, deadline):
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding != "identity":
        raise FetchError(f"compressed response ({encoding}) refused from {url}")
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{url} is {int(declared)} bytes, over the limit of {max_bytes}")
    chunks, size = [], 0
    try:
        while True:
            if time.monotonic() - started > deadline:
                raise FetchError(f"{url} took longer than {deadline} s")
            chunk = response.read1(65536)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"{url} is over the limit of {max_bytes} bytes")
            chunks.append(chunk)
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(f"reading {url} failed: {exc}") from None
    return b"".join(chunks)
