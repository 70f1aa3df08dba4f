"""The Makefile's interface: `make help`, the LANG allow-list, and real builds."""

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["en", "zh_CN", "zh_TW", "ru", "ko"]


def make(*args, env_lang="C.UTF-8"):
    env = {**os.environ, "LANG": env_lang}
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_help_lists_every_target():
    targets = re.findall(r"^([a-z][a-z-]*):.*## ", (ROOT / "Makefile").read_text(), re.M)
    result = make("help")
    assert result.returncode == 0
    assert len(targets) >= 6
    for target in targets:
        assert re.search(rf"^  {target} ", result.stdout, re.M), target


@pytest.mark.parametrize("lang", ["de", "ru_RU", "EN", "zh"])
def test_unknown_lang_fails_and_lists_the_supported_ones(lang):
    result = make("html", f"LANG={lang}")
    assert result.returncode != 0
    assert f"Unknown LANG={lang}. Supported: en zh_CN zh_TW ru ko" in result.stderr
    assert "sphinx-build" not in result.stdout


@pytest.mark.parametrize("env_lang", ["C.UTF-8", "en_US.UTF-8", "ru_RU.UTF-8", "ko"])
def test_environment_locale_does_not_choose_the_language(env_lang):
    result = make("-n", "html", env_lang=env_lang)
    assert result.returncode == 0, result.stderr
    assert "-D language" not in result.stdout
    assert "_build/html/en" in result.stdout


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_command_line_lang_chooses_language_and_output(lang):
    result = make("-n", "html", f"LANG={lang}")
    assert result.returncode == 0, result.stderr
    assert f"-D language={lang}" in result.stdout
    assert f"-d _build/doctrees/{lang} " in result.stdout
    assert f"_build/html/{lang}" in result.stdout


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_build_has_no_warning_and_the_right_html_lang(tmp_path, lang):
    # The environment's locale is a real one; LANG=ru on the command line must not
    # reach sphinx-build's locale.setlocale().
    result = make("html", f"LANG={lang}", f"BUILDDIR={tmp_path}", env_lang="en_US.UTF-8")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    index = (tmp_path / "html" / lang / "index.html").read_text()
    assert re.search(f'<html [^>]*lang="{lang}"', index)
