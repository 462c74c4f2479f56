"""Run a few tasks at once in forked processes that read the caller's memory.

:func:`run_forked` runs the first task in the calling process and each other task in a child
made with ``fork``, all at the same time, and returns their results in order. It exists for
counting terms (:mod:`framing.counts`) on machines with more than one core: the tasks there read
large arrays the caller already holds (a batch's normalised lines, every token's code), and a
forked child sees them as they are, without copying or pickling them. Only each child's result
travels back, pickled through a pipe. (``concurrent.futures.ProcessPoolExecutor`` pickles every
task with its arguments, which would copy the whole corpus into each worker first.)

Where ``fork`` cannot be used — platforms without it, or a daemonic process such as a
multiprocessing or Dask worker, which may not start children — the tasks run one after another
in the calling process, with the same results.
"""

from __future__ import annotations

import multiprocessing as mp
from typing import Callable, Sequence, TypeVar

__all__ = ["run_forked", "can_fork"]

T = TypeVar("T")


def can_fork() -> bool:
    """True when :func:`run_forked` can start forked children from this process."""
    return "fork" in mp.get_all_start_methods() and not mp.current_process().daemon


def _child(task: Callable[[], T], conn) -> None:
    """Body of a forked child: run the task, send ("ok", result) or ("error", exception)."""
    try:
        answer = ("ok", task())
    except BaseException as exc:  # noqa: BLE001 - re-raised in the parent
        answer = ("error", exc)
    try:
        conn.send(answer)
    except Exception as exc:  # noqa: BLE001 - an unpicklable result or exception
        conn.send(("error", RuntimeError(f"a forked worker's answer could not be sent back: "
                                         f"{exc!r}")))
    finally:
        conn.close()


def run_forked(tasks: Sequence[Callable[[], T]]) -> list[T]:
    """Run ``tasks`` at the same time, the first here and each other one in a forked child.

    Parameters
    ----------
    tasks : sequence of callables without arguments
        Each returns a picklable result (the children's results are pickled back through a
        pipe). They may read anything the caller holds; what they change in memory stays in
        their own process.

    Returns
    -------
    list
        The tasks' results, in the order of ``tasks``.

    Raises
    ------
    BaseException
        Whatever the first failing task raised (a child's exception is pickled back and raised
        here). A child that ends without answering (killed, out of memory) is not an error: its
        task is run again here.
    """
    if len(tasks) <= 1 or not can_fork():
        return [task() for task in tasks]
    ctx = mp.get_context("fork")
    children = []
    answered: set[int] = set()
    try:
        for task in tasks[1:]:
            receiver, sender = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(task, sender), daemon=True)
            proc.start()
            sender.close()  # the child holds its own copy; EOF reaches us if it dies
            children.append((proc, receiver, task))
        results = [tasks[0]()]
        for i, (proc, receiver, task) in enumerate(children):
            try:
                status, value = receiver.recv()
            except EOFError:  # the child died without answering: do its work here
                status, value = "ok", task()
            answered.add(i)
            if status == "error":
                raise value
            results.append(value)
        return results
    finally:
        for i, (proc, receiver, _) in enumerate(children):
            receiver.close()
            if i not in answered:  # the caller failed before reading it: stop its work
                proc.kill()
            proc.join()
            proc.close()
