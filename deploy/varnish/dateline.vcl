#
# Varnish 7.1 in front of Dateline on one machine (docs/reverse-proxy.md):
#
#     client -> nginx (TLS, deploy/nginx/dateline.conf) -> Varnish :6081 -> dateline serve :8000
#
# The app decides what may be cached: a public page says so with
#   Cache-Control: public, max-age=0, s-maxage=N, stale-while-revalidate=N, stale-if-error=N
# and lists its surrogate keys in an `xkey` header; everything else is `private, no-store`.
# A publish purges by key (`PURGE /` with `xkey-purge: <keys>`) from
# dateline.caching.frontend.VarnishXkeyBackend (env DATELINE_VARNISH_URL).
#
# Start it with (Debian: a systemd drop-in for varnish.service, see docs/reverse-proxy.md):
#   varnishd -a 127.0.0.1:6081 -f /etc/varnish/dateline.vcl -s malloc,1G \
#            -p http_resp_hdr_len=16k -p http_resp_size=64k
#
vcl 4.1;

import std;
import xkey;

# The app server. The end-to-end test and `make bench` substitute host and port here.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 10s;
}

# Who may purge: the app on this machine. nginx connects from here too, so a request it
# relays (X-Forwarded-For names a hop before us) is refused as well.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.restarts == 0) {
        # Our own flags between restarts; never taken from a client.
        unset req.http.X-Dateline-Fresh;
        unset req.http.X-Dateline-Stale;
    }

    if (req.method == "PURGE") {
        if (client.ip !~ purgers || req.http.X-Forwarded-For ~ ",") {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged"));
        }
        return (purge);
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/admin(/|$)" || req.http.Authorization) {
        return (pass);
    }
    # Signed in (Django's session cookie) or holding a form's CSRF cookie: never cached.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken)=") {
        return (pass);
    }
    # Any other cookie (analytics, consent banners) means nothing to the app.
    unset req.http.Cookie;

    # Share links carry tracking parameters the pages do not depend on.
    if (req.url ~ "[?&](utm_[a-z]+|fbclid|gclid)=") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z]+|fbclid|gclid)=[^&]*&?", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }

    # Past the response's stale-while-revalidate window, the rest of its grace is kept for
    # stale-if-error only: look it up fresh (see vcl_hit), and fall back to it on failure.
    if (req.http.X-Dateline-Stale) {
        set req.grace = 3650d;  # req.grace outlives a restart: lift it again
    } elsif (req.http.X-Dateline-Fresh) {
        set req.grace = 0s;
    }
    return (hash);
}

sub vcl_hash {
    # The app answers plain HTTP with a redirect to HTTPS: keep the two apart.
    hash_data(req.http.X-Forwarded-Proto);
    # The built-in vcl_hash adds the URL and the Host.
}

sub vcl_purge {
    # A URL purge removes the HTTPS variant as well as the one it named.
    if (req.http.X-Forwarded-Proto != "https") {
        set req.http.X-Forwarded-Proto = "https";
        return (restart);
    }
    return (synth(200, "Purged"));
}

sub vcl_hit {
    if (obj.ttl < 0s && !req.http.X-Dateline-Stale
            && obj.ttl + std.duration(obj.http.X-Dateline-SWR, 0s) <= 0s) {
        set req.http.X-Dateline-Fresh = "1";
        return (restart);
    }
    # Fresh, or within stale-while-revalidate: deliver (and refresh in the background).
}

sub vcl_backend_response {
    # A stale copy exists (background refresh, or a lookup past stale-while-revalidate):
    # keep serving it rather than an error (stale-if-error).
    if (beresp.status >= 500 && (bereq.is_bgfetch || bereq.http.X-Dateline-Fresh)) {
        return (abandon);
    }

    if (bereq.url ~ "^/(static|media)/") {
        # Collected static files (whitenoise sets their lifetimes) and public uploads.
        unset beresp.http.Set-Cookie;
        if (beresp.status == 200 && beresp.http.Cache-Control !~ "max-age") {
            set beresp.http.Cache-Control = "public, max-age=86400";
            set beresp.ttl = 1d;
        }
        if (beresp.status == 200) {
            set beresp.grace = 1d;
            return (deliver);
        }
    }

    # A render a purge overtook (caching/middleware.py): its reader gets it, no one else
    # does, and no hit-for-miss is kept either. The built-in rules would keep one for two
    # minutes, sending every request for the page to the app uncoalesced (a live stream
    # polled by thousands of readers); with none, the next request waits for a fresh
    # render that the others then share.
    if (beresp.http.X-Dateline-Overtaken) {
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }

    # Only what the app marked for shared caches; no Cache-Control at all means no.
    if (!beresp.http.Cache-Control) {
        set beresp.ttl = 30s;
        set beresp.uncacheable = true;
        return (deliver);
    }

    # s-maxage is the TTL (Varnish reads it itself); stale-while-revalidate and
    # stale-if-error become grace, the longer of the two, and vcl_hit tells them apart.
    set beresp.http.X-Dateline-SWR = "0s";
    if (beresp.http.Cache-Control ~ "stale-while-revalidate=[0-9]+") {
        set beresp.http.X-Dateline-SWR = regsub(beresp.http.Cache-Control,
            "^.*stale-while-revalidate=([0-9]+).*$", "\1s");
    }
    set beresp.grace = std.duration(beresp.http.X-Dateline-SWR, 0s);
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.http.X-Dateline-SIE = regsub(beresp.http.Cache-Control,
            "^.*stale-if-error=([0-9]+).*$", "\1s");
        if (std.duration(beresp.http.X-Dateline-SIE, 0s) > beresp.grace) {
            set beresp.grace = std.duration(beresp.http.X-Dateline-SIE, 0s);
        }
        unset beresp.http.X-Dateline-SIE;
    }
    # Kept a while longer to revalidate with If-None-Match (a 304 from the app).
    set beresp.keep = 1h;

    # Compressed once when stored, not on every delivery.
    if (beresp.http.Content-Type ~ "^(text/|application/(json|xml|rss\+xml|atom\+xml|feed\+json|javascript))") {
        set beresp.do_gzip = true;
    }
    # The built-in rules follow: Set-Cookie, private, no-store and no-cache are not stored.
}

sub vcl_backend_error {
    if (bereq.is_bgfetch || bereq.http.X-Dateline-Fresh) {
        return (abandon);
    }
}

sub vcl_synth {
    # The fetch past stale-while-revalidate failed: serve the stale copy (stale-if-error).
    if (resp.status == 503 && req.http.X-Dateline-Fresh && !req.http.X-Dateline-Stale) {
        set req.http.X-Dateline-Stale = "1";
        return (restart);
    }
    if (req.http.X-Purged) {
        set resp.http.X-Purged = req.http.X-Purged;
    }
}

sub vcl_deliver {
    if (resp.status >= 500 && req.http.X-Dateline-Fresh && !req.http.X-Dateline-Stale) {
        set req.http.X-Dateline-Stale = "1";
        return (restart);
    }
    # For people, not for machines: HIT, MISS or PASS (Age says how old a HIT is).
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.xkey;
    unset resp.http.X-Dateline-SWR;
    unset resp.http.X-Dateline-Overtaken;
}
