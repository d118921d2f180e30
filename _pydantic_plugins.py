"""pydantic's plugin scan, skipped when no pydantic plugin is installed.

The first time pydantic builds a validator it looks for plugins: it imports
importlib.metadata (with email, zipfile, csv, tempfile ...) and reads the entry
points of every installed distribution, about a twentieth of a `coalitie
diagnose` process. A plugin is a distribution that declares entry points in the
group ``pydantic`` (pydantic.plugin._loader). ``skip_scan_without_plugins()``
looks for such a declaration itself, the way importlib.metadata finds them: the
``entry_points.txt`` of every ``*.dist-info`` and ``*.egg-info`` in the folders
on sys.path. Only when there is none does it give pydantic a plugin loader that
returns no plugins, which is exactly what pydantic's own scan would have found.
Whatever it cannot read that way (a zip or file on sys.path, an unreadable
entry_points.txt, another finder that lists distributions) leaves pydantic's
own loader in place.
"""
from __future__ import annotations

import os
import sys
import types

_LOADER = "pydantic.plugin._loader"
_GROUP = "pydantic"


def _declares_plugin(entry_points_txt: str) -> bool | None:
    """Whether the file names the group ``pydantic``; None: there is no such file."""
    try:
        with open(entry_points_txt, encoding="utf-8") as fh:
            return any(line.strip().strip("[]").strip() == _GROUP for line in fh if "[" in line)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError):  # unreadable: it might declare one
        return True


def plugins_possible() -> bool:
    """False only when no distribution on sys.path declares a pydantic plugin."""
    from importlib.machinery import PathFinder
    if any(getattr(finder, "find_distributions", None) is not None and finder is not PathFinder
           for finder in sys.meta_path):
        return True
    for root in sys.path:
        if not isinstance(root, str):
            return True
        try:
            children = os.listdir(root or ".")
        except OSError:
            if os.path.exists(root):  # a zip or egg file: importlib.metadata would look inside
                return True
            continue
        root_is_egg = os.path.basename(root).lower().endswith(".egg")
        for child in children:
            low = child.lower()
            if low.endswith((".dist-info", ".egg-info")) or (root_is_egg and low == "egg-info"):
                if _declares_plugin(os.path.join(root or ".", child, "entry_points.txt")):
                    return True
    return False


def skip_scan_without_plugins() -> None:
    """Before pydantic builds its first validator: spare it the scan when it would find nothing."""
    if _LOADER in sys.modules or plugins_possible():
        return
    loader = types.ModuleType(_LOADER, "pydantic's plugin loader when no plugin is installed "
                                       "(coalitie._pydantic_plugins)")
    loader.PYDANTIC_ENTRY_POINT_GROUP = _GROUP
    loader._plugins = {}
    loader._loading_plugins = False
    loader.get_plugins = lambda: ()

    def real(name: str):
        """A name the stand-in lacks (a newer pydantic may ask for one): the real loader
        takes over, so the stand-in can only ever cost speed, never break pydantic."""
        if name.startswith("__"):  # the import system asks for __path__ and the like
            raise AttributeError(name)
        import importlib
        if sys.modules.get(_LOADER) is loader:
            del sys.modules[_LOADER]
        return getattr(importlib.import_module(_LOADER), name)

    loader.__getattr__ = real
    sys.modules[_LOADER] = loader
