"""The reviewers' web app (``yusuan serve``): FastAPI on the store, server-rendered Chinese pages.

``create_app(settings)`` builds the app; ``Settings`` says which store, whether reading is public,
the upload limits and the secret key (``load_secret``)."""

from yusuan.web.app import create_app
from yusuan.web.settings import Settings, SettingsError, load_secret

__all__ = ["Settings", "SettingsError", "create_app", "load_secret"]
