"""tests/proxies.py itself: the configuration it writes, and how it finds and runs nginx."""

import shutil
import subprocess

import pytest

from tests import proxies
from tests.proxies import CHAPTER_CONF, VARIANTS, Nginx, nginx_binary, nginx_conf, nginx_version


def test_chapter_variant_is_the_snippet_with_only_the_upstream_replaced():
    conf = nginx_conf(4321, {"chapter": 1234}, running_as_root=False)
    expected = CHAPTER_CONF.read_text().replace("http://127.0.0.1:8000", "http://127.0.0.1:4321")
    # The same lines in the same order, indented to sit inside its server block.
    assert "\n".join(line.strip() for line in expected.splitlines()) in "\n".join(
        line.strip() for line in conf.splitlines()
    )


def test_short_timeout_variant_changes_only_the_timeout():
    changed = [
        (old, new)
        for old, new in zip(
            VARIANTS["chapter"].splitlines(), VARIANTS["chapter_read_timeout"].splitlines(), strict=True
        )
        if old != new
    ]
    assert changed == [("    proxy_read_timeout 300s;", f"    proxy_read_timeout {proxies.SHORT_READ_TIMEOUT_S}s;")]


def test_snippet_must_name_the_upstream_once(monkeypatch, tmp_path):
    other = tmp_path / "nginx.conf"
    other.write_text("location / {\n    proxy_pass http://127.0.0.1:9000;\n}\n")
    monkeypatch.setattr(proxies, "CHAPTER_CONF", other)
    with pytest.raises(ValueError, match="exactly once"):
        proxies.chapter_location()


def test_user_directive_only_as_root():
    assert "\nuser " in nginx_conf(1, {"default": 2}, running_as_root=True)
    assert "user " not in nginx_conf(1, {"default": 2}, running_as_root=False)


def test_written_configuration_passes_nginx_test(tmp_path):
    proxy = Nginx(tmp_path, upstream_port=9)
    argv = [arg for arg in proxy.argv() if arg not in ("-g", "daemon off;")]
    result = subprocess.run([*argv, "-t"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert len(proxy.endpoints) == len(VARIANTS)


def test_missing_nginx_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    with pytest.raises(FileNotFoundError, match="install Debian's nginx"):
        nginx_binary()


def test_version_is_parsed_from_nginx_v(tmp_path):
    fake = tmp_path / "nginx"
    fake.write_text("#!/bin/sh\necho 'nginx version: nginx/1.29.7' >&2\n")
    fake.chmod(0o755)
    assert nginx_version(str(fake)) == "1.29.7"
    assert nginx_version() == nginx_version(nginx_binary())


def test_nginx_that_does_not_start_is_reported(tmp_path):
    proxy = Nginx(tmp_path, upstream_port=9)
    proxy.conf_path.write_text("this is not a directive;\n")
    with pytest.raises(RuntimeError, match="nginx exited early"):
        proxy.start()
