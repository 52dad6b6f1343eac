"""Take the network away from a query worker: a seccomp filter refuses Internet sockets.

pyoxigraph 0.5 follows SERVICE over HTTP and offers no switch or handler to stop it, so the
worker (which talks to the server over an inherited Unix socket pair) asks the kernel to fail
every later `socket(AF_INET | AF_INET6, …)` with EACCES. Whatever a query says, its worker
cannot open a connection or resolve a name. Linux on x86-64 or aarch64 only; elsewhere
`deny_network` returns False and the parse checks (safety.py) are the only guard.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import struct
import sys

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
# (audit arch, socket syscall number, socketpair syscall number)
_ARCHES = {
    "x86_64": (0xC000003E, 41, 53),
    "aarch64": (0xC00000B7, 198, 199),
}
_AF_INET, _AF_INET6 = 2, 10


def _insn(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def _program(arch: int, nr_socket: int, nr_pair: int) -> bytes:
    ld_w_abs, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06
    deny = _RET_ERRNO | errno.EACCES
    return b"".join(
        [
            _insn(ld_w_abs, 0, 0, 4),  # A = arch
            _insn(jeq, 1, 0, arch),
            _insn(ret, 0, 0, deny),  # another ABI (e.g. 32-bit calls): no sockets at all
            _insn(ld_w_abs, 0, 0, 0),  # A = syscall number
            _insn(jge, 0, 1, 0x40000000),  # x32 calls
            _insn(ret, 0, 0, deny),
            _insn(jeq, 1, 0, nr_socket),
            _insn(jeq, 0, 4, nr_pair),
            _insn(ld_w_abs, 0, 0, 16),  # A = first argument (the address family)
            _insn(jeq, 1, 0, _AF_INET),
            _insn(jeq, 0, 1, _AF_INET6),
            _insn(ret, 0, 0, deny),
            _insn(ret, 0, 0, _RET_ALLOW),
        ]
    )


def deny_network() -> bool:
    """Install the filter in this process (irreversible); False where it is not available."""
    if not sys.platform.startswith("linux") or platform.machine() not in _ARCHES:
        return False
    code = _program(*_ARCHES[platform.machine()])
    count = len(code) // 8
    buf = ctypes.create_string_buffer(code, len(code))

    class _Prog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = _Prog(count, ctypes.cast(buf, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [
        ctypes.c_int,
        ctypes.c_ulong,
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_ulong,
    ]
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, None, 0, 0) != 0:
        return False
    return libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) == 0
