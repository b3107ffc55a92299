"""Token stores: memory, callback and file (atomic, 0600, locked across processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest

import gumroad
from gumroad.tokens import CallbackTokenStore, FileTokenStore, MemoryTokenStore, TokenStore


def test_stores_satisfy_the_protocol(tmp_path):
    for store in (MemoryTokenStore(), FileTokenStore(tmp_path / "t.json"),
                  CallbackTokenStore(lambda: None, lambda t: None)):
        assert isinstance(store, TokenStore)


def test_memory_store_copies():
    token = {"access_token": "a"}
    store = MemoryTokenStore(token)
    token["access_token"] = "changed"
    assert store.load() == {"access_token": "a"}
    store.save({"access_token": "b"})
    assert store.load() == {"access_token": "b"}
    assert "b" not in repr(store)


def test_file_store_roundtrip_mode_and_atomicity(tmp_path):
    path = tmp_path / "sub" / "token.json"
    store = FileTokenStore(path)
    assert store.load() is None
    store.save({"access_token": "a", "refresh_token": "r"})
    assert json.loads(path.read_text()) == {"access_token": "a", "refresh_token": "r"}
    assert path.stat().st_mode & 0o777 == 0o600
    store.save({"access_token": "b"})
    assert store.load() == {"access_token": "b"}
    assert sorted(os.listdir(path.parent)) == ["token.json"]  # no temp files left
    assert "a" not in repr(store).split("/")[-1]


def test_file_store_failed_write_keeps_old_token(tmp_path, monkeypatch):
    path = tmp_path / "token.json"
    store = FileTokenStore(path)
    store.save({"access_token": "good"})

    def boom(*args, **kwargs):
        raise OSError("no space left")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        store.save({"access_token": "new"})
    assert store.load() == {"access_token": "good"}
    assert os.listdir(tmp_path) == ["token.json"] or sorted(os.listdir(tmp_path)) == [
        "token.json", "token.json.lock"]


def test_file_store_corrupt_file_is_a_clear_error(tmp_path):
    path = tmp_path / "token.json"
    path.write_text("{not json")
    with pytest.raises(gumroad.ConfigurationError, match="not valid JSON"):
        FileTokenStore(path).load()


def test_file_lock_is_reentrant_and_excludes_threads(tmp_path):
    store = FileTokenStore(tmp_path / "t.json")
    inside = []

    def hold():
        with store.lock():
            inside.append("enter")
            time.sleep(0.1)
            inside.append("leave")

    with store.lock(), store.lock():  # re-entrant in one thread
        pass
    threads = [threading.Thread(target=hold) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert inside == ["enter", "leave"] * 3


LOCKER = r"""
import sys, time
from gumroad.tokens import FileTokenStore
store = FileTokenStore(sys.argv[1])
with store.lock():
    print("locked", flush=True)
    time.sleep(0.5)
"""


def test_file_lock_excludes_other_processes(tmp_path):
    path = str(tmp_path / "t.json")
    proc = subprocess.Popen([sys.executable, "-c", LOCKER, path], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    started = time.monotonic()
    with FileTokenStore(path).lock():
        waited = time.monotonic() - started
    proc.wait(timeout=10)
    assert waited > 0.2  # we could only get in once the other process let go


def test_callback_store_uses_given_lock():
    events = []

    class RowLock:
        def __enter__(self):
            events.append("lock")

        def __exit__(self, *exc):
            events.append("unlock")

    saved = {}
    store = CallbackTokenStore(lambda: saved.get("t"), lambda t: saved.update(t=t), RowLock)
    with store.lock():
        store.save({"access_token": "x"})
    assert events == ["lock", "unlock"]
    assert store.load() == {"access_token": "x"}


def test_client_loads_from_store_and_refuses_empty_store(tmp_path):
    store = FileTokenStore(tmp_path / "t.json")
    with pytest.raises(gumroad.ConfigurationError, match="holds no token"):
        gumroad.GumroadClient(token_store=store)
    store.save({"access_token": "stored"})
    assert gumroad.GumroadClient(token_store=store).token["access_token"] == "stored"
