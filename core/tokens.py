import secrets


def new_token() -> str:
    """An unguessable 43-character URL-safe token for private links and feeds."""
    return secrets.token_urlsafe(32)
