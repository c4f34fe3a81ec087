"""The fetch guard, against a server of our own on loopback (no other network is touched)."""

import pytest

from dateline.ingest.fetch import BlockedAddress, FetchError, fetch, forbidden_reason


def test_loopback_is_refused_by_default(server):
    """Without the test switch, our own loopback server is out of reach, by IP or by name."""
    url = server.serve("/feed.xml", b"<rss/>")
    with pytest.raises(BlockedAddress, match="loopback"):
        fetch(url)
    with pytest.raises(BlockedAddress, match="localhost resolves to 127.0.0.1"):
        fetch(server.url("/feed.xml", host="localhost"))
    assert server.requests == []


def test_loopback_allowed_by_the_switch_fetches(server, settings):
    """With loopback allowed (argument or setting), the body, address and type come back."""
    url = server.serve("/feed.xml", b"<rss/>", headers={"Content-Type": "application/rss+xml"})
    result = fetch(url, allow_loopback=True)
    assert (result.content, result.url, result.content_type) == (
        b"<rss/>", url, "application/rss+xml")
    settings.DATELINE_INGEST_ALLOW_LOOPBACK = True
    assert fetch(server.url("/feed.xml", host="localhost")).content == b"<rss/>"
    assert server.requests[0][1]["Accept-Encoding"] == "identity"


@pytest.mark.parametrize("target", [
    "http://10.0.0.1/internal", "http://169.254.169.254/latest/meta-data/",
    "http://192.168.1.1/", "http://[::ffff:10.0.0.1]/", "http://[fd00:ec2::254]/",
    "http://0.0.0.0/", "http://[fe80::1]/", "http://224.0.0.1/", "http://100.64.0.1/",
])
def test_redirect_to_a_private_address_is_refused(server, target):
    """A public-looking first hop cannot bounce the fetch to an inside address."""
    url = server.serve("/go", status=302, headers={"Location": target})
    with pytest.raises(BlockedAddress):
        fetch(url, allow_loopback=True)
    assert [path for path, _headers in server.requests] == ["/go"]


def test_redirect_to_another_scheme_is_refused(server):
    """A redirect to file: or ftp: is refused like a direct request."""
    url = server.serve("/go", status=301, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(BlockedAddress, match="only http and https"):
        fetch(url, allow_loopback=True)


def test_redirects_are_followed_and_counted(server):
    """Relative redirects are followed, each hop checked; a loop ends with an error."""
    server.serve("/a", status=301, headers={"Location": "/b"})
    server.serve("/b", status=307, headers={"Location": server.url("/c")})
    server.serve("/c", b"done")
    assert fetch(server.url("/a"), allow_loopback=True).content == b"done"
    server.serve("/loop", status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match="redirects"):
        fetch(server.url("/loop"), allow_loopback=True)


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "ftp://example.com/feed.xml", "gopher://example.com/",
    "http://user:secret@example.com/", "http:///nohost", "http://example.com:99999/",
    "javascript:alert(1)",
])
def test_only_plain_http_and_https_addresses_are_fetched(url):
    """Other schemes, credentials in the address and broken addresses are refused."""
    with pytest.raises(FetchError):
        fetch(url)


@pytest.mark.parametrize("host", ["127.0.0.1", "[::1]", "[::ffff:127.0.0.1]", "2130706433",
                                  "0x7f000001", "127.1", "localhost"])
def test_every_spelling_of_loopback_is_refused(host):
    """Decimal, hex, short and IPv6-mapped forms all resolve to a refused address."""
    with pytest.raises(BlockedAddress):
        fetch(f"http://{host}:9/")


def test_size_limit_from_content_length(server):
    """A declared size over the limit is refused before the body is read."""
    url = server.serve("/big", b"x" * 2000)
    with pytest.raises(FetchError, match="over the limit"):
        fetch(url, allow_loopback=True, max_bytes=1000)


def test_size_limit_while_reading_a_chunked_body(server):
    """Without a declared size, reading stops at the limit."""
    url = server.serve("/stream", chunks=[b"x" * 600] * 5)
    with pytest.raises(FetchError, match="over the limit"):
        fetch(url, allow_loopback=True, max_bytes=1000)
    assert fetch(url, allow_loopback=True, max_bytes=5000).content == b"x" * 3000


def test_slow_server_times_out(server):
    """A server that does not answer in time ends the fetch with an error."""
    url = server.serve("/slow", b"late", delay=1.0)
    with pytest.raises(FetchError):
        fetch(url, allow_loopback=True, timeout=0.2)


def test_compressed_responses_are_refused(server):
    """Compressed bodies could unpack past the limit, so they are not accepted."""
    url = server.serve("/gz", b"\x1f\x8b", headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="compressed"):
        fetch(url, allow_loopback=True)


def test_http_errors_are_reported(server):
    """A 404 or 500 from the source is an error with the status in it."""
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(server.url("/missing"), allow_loopback=True)


@pytest.mark.parametrize("address, reason", [
    ("8.8.8.8", None), ("2001:4860:4860::8888", None),
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"),
    ("172.16.0.1", "private"), ("192.168.0.1", "private"), ("169.254.169.254", "metadata"),
    ("169.254.1.1", "link-local"), ("fe80::1", "link-local"), ("fc00::1", "private"),
    ("224.0.0.251", "multicast"), ("ff02::1", "multicast"), ("0.0.0.0", "unspecified"),
    ("::", "unspecified"), ("240.0.0.1", "reserved"), ("100.64.0.1", "not a public"),
    ("::ffff:10.0.0.1", "private"), ("2002:a00:1::", "private"), ("64:ff9b::a00:1", "private"),
    ("fd00:ec2::254", "metadata"),
])
def test_address_rules(address, reason):
    """Each kind of non-public address, IPv4 and IPv6, is named as the reason."""
    result = forbidden_reason(address)
    assert (result is None) if reason is None else (reason in result)
