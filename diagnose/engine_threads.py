"""A fixed set of engine threads for a server: every diagnosis runs on one of them.

Why: an experta engine is never safe to share between threads (../shared/EXPERTA.md),
and ``diagnose.engine.get_engine()`` keeps one engine per thread. A web framework's
own thread pool would build an engine in each of its (up to 40) threads; here the
number of engines per process is fixed and small, each thread runs one job at a
time on its own engine, so no engine is ever used by two requests at once.

Limits, enforced on the asyncio side:
- at most ``queue_limit`` jobs waiting or running; beyond that ``Busy`` at once
  (the server answers 503 with Retry-After);
- a job that has not finished ``time_limit`` seconds after it was submitted is
  given up (``TimedOut``); if it is running, its thread is interrupted (an
  asynchronous exception, raised at the thread's next Python instruction) and
  then *retired*: the thread ends, taking its engine, which may be mid-run, with
  it, and a fresh thread with a fresh engine takes its place. So a runaway
  request frees its CPU instead of running on unseen.

The worker loop holds no lock of its own, so an interruption can never leave one
held. In the rare race where the interruption lands just after its job finished,
the next job on that thread fails with ``Interrupted`` (the server answers 503,
try again) instead of running on a retired engine.
"""
from __future__ import annotations

import asyncio
import ctypes
import itertools
import queue
import threading
import time
from typing import Any, Callable


class Busy(Exception):
    """Too many jobs waiting or running."""


class TimedOut(Exception):
    """The job did not finish within the time limit."""


class Interrupted(Exception):
    """The job's thread was retired before the job could run to the end."""


class _Interrupt(BaseException):
    """Raised inside an engine thread to stop the job it runs (never caught by domain code
    that catches Exception)."""


_STOP = object()


class _Job:
    __slots__ = ("fn", "loop", "future", "thread", "abandoned")

    def __init__(self, fn: Callable[[], Any], loop: asyncio.AbstractEventLoop):
        self.fn = fn
        self.loop = loop
        self.future = loop.create_future()
        self.thread: int | None = None    # ident of the thread running it, while it runs
        self.abandoned = False            # the waiter gave up: skip it if not yet started

    def settle(self, ok: bool, value) -> None:  # on the event loop
        if not self.abandoned and not self.future.done():
            if ok:
                self.future.set_result(value)
            else:
                self.future.set_exception(value)


class EngineThreads:
    def __init__(self, threads: int, queue_limit: int, time_limit: float,
                 warm_up: Callable[[], None] | None = None):
        if threads < 1 or queue_limit < threads or time_limit <= 0:
            raise ValueError("threads >= 1, queue_limit >= threads and time_limit > 0")
        self.threads = threads
        self.queue_limit = queue_limit
        self.time_limit = time_limit
        self._warm_up = warm_up
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._pending = 0               # only touched on the event loop's thread
        self._names = itertools.count(1)
        self._stopping = False
        self._warmed = threading.Semaphore(0)
        self._warm_errors: list[BaseException] = []
        self.retired = 0                # threads retired after an interruption (for tests and logs)

    # -- lifecycle ------------------------------------------------------------------------
    def start(self, timeout: float = 300.0) -> None:
        """Start the threads and wait until each has built its engine (blocking). The first
        warms up alone, so the per-process caches it fills are built once, not raced for."""
        deadline = time.monotonic() + timeout

        def wait_for(n: int) -> None:
            for _ in range(n):
                if not self._warmed.acquire(timeout=max(0.0, deadline - time.monotonic())):
                    raise RuntimeError("engine threads did not start in time")
            if self._warm_errors:
                raise self._warm_errors[0]
        self._spawn()
        wait_for(1)
        for _ in range(self.threads - 1):
            self._spawn()
        wait_for(self.threads - 1)

    def stop(self) -> None:
        self._stopping = True
        for _ in range(self.threads):
            self._jobs.put(_STOP)

    def _spawn(self) -> None:
        threading.Thread(target=self._loop, name=f"coalitie-engine-{next(self._names)}", daemon=True).start()

    # -- the engine thread --------------------------------------------------------------------
    def _loop(self) -> None:
        job = None
        try:
            try:
                if self._warm_up is not None:
                    self._warm_up()
            except Exception as exc:  # reported by start()
                self._warm_errors.append(exc)
            finally:
                self._warmed.release()
            while True:
                job = self._jobs.get()
                if job is _STOP:
                    return
                if job.abandoned:
                    job = None
                    continue
                job.thread = threading.get_ident()
                if job.abandoned:            # given up between the two checks
                    job.thread, job = None, None
                    continue
                try:
                    ok, value = True, job.fn()
                except _Interrupt:
                    raise
                except BaseException as exc:  # the caller decides what an error means
                    ok, value = False, exc
                job.thread = None             # from here on no interruption is sent for it
                job.loop.call_soon_threadsafe(job.settle, ok, value)
                job = None
        except _Interrupt:
            self.retired += 1
            if job is not None:
                job.thread = None
                job.loop.call_soon_threadsafe(job.settle, False, Interrupted())
            if not self._stopping:
                self._spawn()

    # -- the asyncio side ------------------------------------------------------------------
    async def run(self, fn: Callable[[], Any], timeout: float | None = None) -> Any:
        """Run ``fn()`` on an engine thread; its result, or its exception re-raised here.
        ``timeout``: seconds from now (default and at most: the time limit)."""
        if self._pending >= self.queue_limit:
            raise Busy()
        self._pending += 1
        job = _Job(fn, asyncio.get_running_loop())
        try:
            self._jobs.put(job)
            try:
                limit = self.time_limit if timeout is None else max(0.0, min(timeout, self.time_limit))
                return await asyncio.wait_for(asyncio.shield(job.future), limit)
            except asyncio.TimeoutError:
                job.abandoned = True
                self._interrupt(job)
                raise TimedOut() from None
            except asyncio.CancelledError:  # the client went away: stop its work too
                job.abandoned = True
                self._interrupt(job)
                raise
        finally:
            self._pending -= 1

    @staticmethod
    def _interrupt(job: _Job) -> None:
        ident = job.thread
        if ident is not None:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(_Interrupt))
