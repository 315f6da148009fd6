"""Writes the nginx configuration for Showcase from deploy/nginx/showcase.conf.template.

    APP_SERVERS=10.0.0.11:8000,10.0.0.12:8000 STATIC_ROOT=/srv/showcase/static \\
    MEDIA_ROOT=/srv/showcase/media python3 deploy/render_nginx.py > /etc/nginx/conf.d/showcase.conf

The output goes inside nginx's http {} block (Debian's nginx.conf includes conf.d/*.conf).
With --standalone DIR it is a whole nginx.conf for `nginx -p DIR -c DIR/nginx.conf`, with
its pid file, logs and temporary files in DIR (what `make scale-test` runs).

Settings, from the environment (stdlib only, no Django):
    APP_SERVERS                 the app servers, host:port, comma-separated (required)
    STATIC_ROOT, MEDIA_ROOT     what collectstatic wrote and where uploads are (required)
    NGINX_LISTEN                address or port nginx listens on (default 80)
    NGINX_SERVER_NAME           host names (default _ = any)
    NGINX_PROXY_CACHE           on/off: cache feeds, sitemaps, robots.txt (default off)
    NGINX_CACHE_PATH            the proxy cache's folder (default /var/cache/nginx/showcase)
    NGINX_CLIENT_MAX_BODY_SIZE  largest upload (default 20m)
"""

import argparse
import os
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "showcase.conf.template"
FIELD = re.compile(r"\{\{([A-Z_]+)\}\}")
ON, OFF = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}

STANDALONE = """\
# A whole nginx.conf for one prefix folder: nginx -p {prefix} -c {prefix}/nginx.conf
{user}worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;

events {{
    worker_connections 512;
}}

http {{
    include /etc/nginx/mime.types;
    types {{
        text/calendar ics;
    }}
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    server_tokens off;
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;

{site}
}}
"""


class ConfigError(Exception):
    pass


def setting(env, name, default=None):
    value = env.get(name, "").strip()
    if value:
        return value
    if default is None:
        raise ConfigError(f"{name} is required")
    return default


def upstream_servers(text: str) -> str:
    servers = [item.strip() for item in text.split(",") if item.strip()]
    if not servers:
        raise ConfigError("APP_SERVERS lists no server")
    for server in servers:
        if not re.fullmatch(r"[A-Za-z0-9.\-\[\]:]+:\d+|unix:/[^\s;]+", server):
            raise ConfigError(f"APP_SERVERS: {server!r} is not host:port or unix:/path")
    # Taken out of rotation for 10 s after 3 failures; the other server carries on.
    return "\n".join(f"    server {server} max_fails=3 fail_timeout=10s;" for server in servers)


def proxy_cache_zone(text: str) -> str:
    value = text.strip().lower()
    if value in ON:
        return "showcase"
    if value in OFF:
        return "off"
    raise ConfigError(f"NGINX_PROXY_CACHE must be on or off, not {text!r}")


def render_site(env) -> str:
    values = {
        "UPSTREAM_SERVERS": upstream_servers(setting(env, "APP_SERVERS")),
        "STATIC_ROOT": setting(env, "STATIC_ROOT").rstrip("/"),
        "MEDIA_ROOT": setting(env, "MEDIA_ROOT").rstrip("/"),
        "LISTEN": setting(env, "NGINX_LISTEN", "80"),
        "SERVER_NAME": setting(env, "NGINX_SERVER_NAME", "_"),
        "PROXY_CACHE": proxy_cache_zone(env.get("NGINX_PROXY_CACHE", "off")),
        "PROXY_CACHE_PATH": "# (NGINX_PROXY_CACHE is off)",
        "CLIENT_MAX_BODY_SIZE": setting(env, "NGINX_CLIENT_MAX_BODY_SIZE", "20m"),
    }
    for name, value in values.items():
        if re.search(r"[\s;{}]", value) and name not in ("UPSTREAM_SERVERS", "PROXY_CACHE_PATH"):
            raise ConfigError(f"{name}: {value!r} contains spaces, ';' or braces")
    if values["PROXY_CACHE"] != "off":
        path = setting(env, "NGINX_CACHE_PATH", "/var/cache/nginx/showcase")
        if re.search(r"[\s;{}]", path):
            raise ConfigError(f"NGINX_CACHE_PATH: {path!r} contains spaces, ';' or braces")
        values["PROXY_CACHE_PATH"] = (
            f"proxy_cache_path {path} levels=1:2 keys_zone=showcase:10m max_size=512m inactive=10m use_temp_path=off;"
        )

    def fill(match):
        if match[1] not in values:
            raise ConfigError(f"the template names an unknown field {match[0]}")
        return values[match[1]]

    return FIELD.sub(fill, TEMPLATE.read_text())


def render_standalone(env, prefix: Path) -> str:
    site = "\n".join(("    " + line) if line else "" for line in render_site(env).splitlines())
    # As root the workers need a user; the files they serve must be readable by it.
    user = f"user {env.get('NGINX_USER', 'www-data')};\n" if os.geteuid() == 0 else ""
    return STANDALONE.format(prefix=prefix, user=user, site=site)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--standalone", type=Path, metavar="DIR", help="a whole nginx.conf for nginx -p DIR")
    parser.add_argument("-o", "--output", type=Path, help="write here instead of standard output")
    args = parser.parse_args(argv)
    try:
        if args.standalone:
            prefix = args.standalone.resolve()
            for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
                (prefix / "tmp" / folder).mkdir(parents=True, exist_ok=True)
            text = render_standalone(os.environ, prefix)
        else:
            text = render_site(os.environ)
    except ConfigError as error:
        print(f"render_nginx: {error}", file=sys.stderr)
        return 2
    if args.output:
        args.output.write_text(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
