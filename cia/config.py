"""The user's own settings: who they are (``name``, ``role``) and which store they use (``store``).

Kept as a small TOML file in the user's config folder (platformdirs), or the file ``$CIA_CONFIG`` names.
Written atomically; a file that cannot be read is reported by name and never overwritten.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ENV_VAR = "CIA_CONFIG"
FILE_NAME = "config.toml"
KEYS: dict[str, str] = {
    "name": "your name, recorded with every review action and comment",
    "role": "your role (e.g. Commissioning Lead), recorded with your name",
    "store": "the folder of assessments to use when --store and $CIA_STORE are not given",
}
VALUE_MAX = 500


class ConfigError(Exception):
    """A settings file that cannot be read or written, or a setting that does not exist."""


def path() -> Path:
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("cia", appauthor=False)) / FILE_NAME


def load() -> dict[str, str]:
    """Every setting in the file (an absent file has none)."""
    import tomllib

    p = path()
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{p}: not a readable settings file ({exc}); fix or remove it") from None
    return {k: v for k, v in data.items() if isinstance(v, str)}


def get(key: str, default: str | None = None) -> str | None:
    """One setting, or ``default`` when it is not set (or the file cannot be read)."""
    try:
        value = load().get(key)
    except ConfigError:
        return default
    return value if value else default


def _check_key(key: str) -> None:
    if key not in KEYS:
        raise ConfigError(f"there is no setting {key!r} (settings: {', '.join(KEYS)})")


def set(key: str, value: str) -> Path:  # noqa: A001 (cia config set)
    """Set one setting (an empty value removes it); returns the file written."""
    _check_key(key)
    value = " ".join(str(value).split())
    if len(value) > VALUE_MAX:
        raise ConfigError(f"{key} is too long (at most {VALUE_MAX} characters)")
    data = load()
    if value:
        data[key] = value
    else:
        data.pop(key, None)
    _write(data)
    return path()


def unset(key: str) -> Path:
    return set(key, "")


def _quote(value: str) -> str:
    out = value.replace("\\", "\\\\").replace('"', '\\"')
    out = "".join(c if c >= " " and c != "\x7f" else f"\\u{ord(c):04x}" for c in out)
    return f'"{out}"'


def _write(data: dict[str, str]) -> None:
    p = path()
    text = "# cia settings (cia config set KEY VALUE)\n" + "".join(f"{k} = {_quote(v)}\n" for k, v in sorted(data.items()))
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".tmp", dir=p.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, p)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ConfigError(f"{p}: cannot be written ({exc.strerror or exc})") from None
