"""Offline intersphinx inventories, made from the installed, pinned packages.

The build machines reach package registries but not documentation hosts, so
intersphinx cannot download ``objects.inv``. This extension writes one
inventory per project from what the installed package really exports
(public classes, their members, functions and data), each entry pointing at
the project's published documentation, and registers it in
``intersphinx_mapping``. A reference to a name the pinned package does not
have stays unresolved, and the nitpicky ``-W`` build fails on it.

Configure it in ``conf.py``::

    api_inventories = {
        "flask": ("https://flask.palletsprojects.com/en/stable/", {"flask": "api/"}),
    }

Each project maps a base URL and, per module, the page that documents it.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

#: Glossary terms of the Python documentation that pages may refer to.
PYTHON_TERMS = ("generator", "generator iterator", "iterable", "iterator", "context manager")


def _member_entries(qualname: str, cls: type) -> list[tuple[str, str]]:
    entries = []
    for attr in dir(cls):
        if attr.startswith("_"):
            continue
        value = inspect.getattr_static(cls, attr)
        if isinstance(value, (staticmethod, classmethod)) or inspect.isfunction(value):
            entries.append((f"{qualname}.{attr}", "py:method"))
        else:
            entries.append((f"{qualname}.{attr}", "py:attribute"))
    return entries


def module_entries(module_name: str) -> list[tuple[str, str]]:
    """Return ``(name, domain:role)`` for each public object of a module.

    Objects re-exported from another package (``typing`` names, say) are
    skipped; builtins are named without their ``builtins.`` prefix.
    """
    module = importlib.import_module(module_name)
    package = module_name.partition(".")[0]
    prefix = "" if module_name == "builtins" else f"{module_name}."
    names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
    entries = [(module_name, "py:module")] if prefix else []
    for name in names:
        obj = getattr(module, name)
        qualname = prefix + name
        if hasattr(type(obj), "_get_current_object"):  # Flask's request, session, g ...
            entries.append((qualname, "py:data"))
            continue
        # C accelerators count as their package: csv.writer comes from _csv.
        origin = (getattr(obj, "__module__", None) or package).lstrip("_")
        if inspect.ismodule(obj) or origin.partition(".")[0] not in (package, "builtins"):
            continue
        if inspect.isclass(obj):
            role = "py:exception" if issubclass(obj, BaseException) else "py:class"
            entries.append((qualname, role))
            entries.extend(_member_entries(qualname, obj))
        elif callable(obj):
            entries.append((qualname, "py:function"))
        else:
            entries.append((qualname, "py:data"))
    return entries


def _builtin_page(name: str) -> str:
    obj = getattr(__import__("builtins"), name.partition(".")[0])
    if inspect.isclass(obj) and issubclass(obj, BaseException):
        return "library/exceptions.html"
    if inspect.isclass(obj):
        return "library/stdtypes.html"
    return "library/functions.html"


def _distribution_version(top_module: str) -> str:
    """The installed version of the distribution that provides ``top_module``."""
    try:
        # Most distributions are named after their module (Flask: flask). Asking
        # by that name reads one folder; mapping every module to its distribution
        # reads every installed package's file list, which costs a build a second.
        return importlib.metadata.version(top_module)
    except importlib.metadata.PackageNotFoundError:
        return importlib.metadata.version(importlib.metadata.packages_distributions()[top_module][0])


def write_inventory(path: Path, project: str, pages: dict[str, str]) -> int:
    """Write a version 2 ``objects.inv`` for ``project``; return its size in entries."""
    lines = []
    for module_name, page in pages.items():
        for name, role in module_entries(module_name):
            target = _builtin_page(name) if module_name == "builtins" else page
            anchor = f"module-{name}" if role == "py:module" else name
            lines.append(f"{name} {role} 1 {target}#{anchor} -")
    if project == "python":
        for term in PYTHON_TERMS:
            lines.append(f"{term} std:term -1 glossary.html#term-{term.replace(' ', '-')} -")
        version = ".".join(map(str, sys.version_info[:3]))
    else:
        version = _distribution_version(next(iter(pages)).partition(".")[0])
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        f"# Version: {version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header.encode() + zlib.compress("\n".join(lines).encode() + b"\n"))
    return len(lines)


def register_inventories(app: Sphinx, config: Config) -> None:
    """Write the inventories and add them to ``intersphinx_mapping``."""
    inventory_dir = Path(app.doctreedir) / "api-inventories"
    for project, (base_url, pages) in config.api_inventories.items():
        path = inventory_dir / f"{project}.inv"
        count = write_inventory(path, project, pages)
        logger.verbose("api_inventories: %s: %d entries", project, count)
        config.intersphinx_mapping[project] = (base_url, str(path))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinx.ext.intersphinx")
    app.add_config_value("api_inventories", {}, "env", dict)
    # Before intersphinx validates its mapping (priority 800).
    app.connect("config-inited", register_inventories, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
