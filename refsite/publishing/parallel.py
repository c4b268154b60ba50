"""Spread per-file work (parse, rules, render + sanitize) over the machine's cores.

Each file's work is independent of the others' once the catalog is built, and it is
pure Python (GIL-bound), so it goes to forked worker processes. Forking (not spawning)
matters: a worker starts with the parent's settings, rules, schema and Context already
in memory, so only a range of indexes goes in and only each item's result comes back.
Results come back in input order, so everything downstream (the sorted findings, the
store) sees exactly what the serial path produces.
"""

import argparse
import contextlib
import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

# Below this many items a pool costs more (forking, pickling results) than it saves:
# a reload with one changed file stays serial.
MIN_ITEMS = 24
# Chunks per worker: several, so a worker that meets slower files (or a busy core)
# does not hold up the others, few enough that per-chunk overhead stays small.
CHUNKS_PER_JOB = 8
# Items per chunk at most: the last chunks decide when the pool is done, and while one
# worker finishes its last chunk the other core idles. Eight chunks per worker of ten
# thousand files were 625 files each, about 15 s of one core's work; a chunk of 64
# costs a few milliseconds more to send and return than its files alone.
MAX_CHUNK = 64

_work = None  # (function, items, shared) of the running map, inherited by forked workers
_frozen = 0  # open frozen_heap() blocks and running pools; the heap thaws at none


def default_jobs():
    """Every core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def jobs_option(value):
    """--jobs N: a whole number of processes, at least 1."""
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(
            f"a whole number of processes, 1 or more (got {value!r})")
    return jobs


def pool_map(function, items, *, jobs=1, shared=None):
    """[function(item, shared) for item in items], in order, on up to `jobs` processes.

    `function` must be pure and must not touch the database: a forked worker shares the
    parent's connection, so it must never use it. Exceptions raised by `function` reach
    the caller as they would serially."""
    return list(pool_imap(function, items, jobs=jobs, shared=shared))


def pool_imap(function, items, *, jobs=1, shared=None):
    """pool_map's results one at a time, in order, as the workers finish them: the
    caller works on the first ones (the load stores them) while the workers make the
    rest, instead of idling until the last. The workers are forked here, before the
    caller's next step; closing the iterator early stops them."""
    items = list(items)
    if jobs <= 1 or len(items) < MIN_ITEMS or not _can_fork():
        return (function(item, shared) for item in items)
    global _work
    _work = (function, items, shared)
    size = max(1, min(MAX_CHUNK, -(-len(items) // (jobs * CHUNKS_PER_JOB))))
    ranges = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
    # The workers share the parent's heap (every document, the catalog) until either
    # writes to a page of it. Frozen while they run, it is walked by no garbage
    # collection, neither in a worker nor in the parent, so no page is copied for that.
    _freeze()
    try:
        parts = pool.map(_run_range, ranges)  # submits every range: the workers fork now
    except BaseException:
        _stop(pool)
        raise
    finally:
        _work = None  # the forked workers hold their own copy
    return _results(pool, parts)


def _results(pool, parts):
    try:
        for part in parts:
            # What came back so far (ten thousand documents in a full load) joins the
            # frozen heap: otherwise each full collection in this process walks all of
            # it again, about 6 s of a 10,000-file load.
            gc.freeze()
            yield from part
    finally:
        _stop(pool)


def _stop(pool):
    pool.shutdown(cancel_futures=True)
    _thaw()


@contextlib.contextmanager
def frozen_heap():
    """Within: the objects that exist on entering (and those later frozen by the
    pools) are walked by no garbage collection, until the outermost block ends. A load
    keeps the process's modules, settings and its own catalog out of the collections
    it triggers: in a one-file reload of 10,000 files they walked them three times
    over, a quarter of its time. Objects made inside are collected as usual."""
    _freeze()
    try:
        yield
    finally:
        _thaw()


def _freeze():
    global _frozen
    gc.freeze()
    _frozen += 1


def _thaw():
    global _frozen
    _frozen -= 1
    if not _frozen:
        gc.unfreeze()


def _run_range(bounds):
    function, items, shared = _work
    return [function(items[index], shared) for index in range(*bounds)]


def _can_fork():
    return "fork" in multiprocessing.get_all_start_methods()
