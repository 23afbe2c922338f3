"""Real processes for the crash and concurrency tests: children forked from the test process (so they start in
milliseconds, with everything already imported) that report over pipes, and are killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import traceback
from collections.abc import Callable


class Child:
    """A forked child running ``work(send)``; ``send(bytes)`` reports to the parent, ``wait_go()`` blocks on it."""

    def __init__(self, work: Callable[[Child], None]) -> None:
        self._up_r, self._up_w = os.pipe()
        self._down_r, self._down_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            code = 0
            try:
                os.close(self._up_r)
                os.close(self._down_w)
                work(self)
            except BaseException:
                traceback.print_exc()
                code = 70
            finally:
                os._exit(code)
        self.pid = pid
        os.close(self._up_w)
        os.close(self._down_r)

    # in the child
    def send(self, data: bytes) -> None:
        os.write(self._up_w, data)

    def wait_go(self) -> bytes:
        return os.read(self._down_r, 1)

    # in the parent
    def read(self, n: int = 1) -> bytes:
        """Exactly ``n`` bytes from the child (fewer only if it exited)."""
        out = b""
        while len(out) < n:
            chunk = os.read(self._up_r, n - len(out))
            if not chunk:
                break
            out += chunk
        return out

    def go(self, data: bytes = b"g") -> None:
        os.write(self._down_w, data)

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.join()

    def join(self) -> int:
        if self.pid:
            _, status = os.waitpid(self.pid, 0)
            self.pid = 0
            self.status = os.waitstatus_to_exitcode(status)
            for fd in (self._up_r, self._down_w):
                try:
                    os.close(fd)
                except OSError:
                    pass
        return self.status
