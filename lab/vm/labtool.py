"""Small stdlib-only helpers of the VM lab.

  labtool.py vmlinux BZIMAGE OUT        extract the uncompressed ELF kernel from a bzImage
  labtool.py cpio DIR OUT               write DIR as a "newc" cpio archive (an initramfs), owned by root
  labtool.py moddeps MODDIR MOD...      print MOD and its dependencies (dependencies first),
                                        as paths relative to MODDIR; built-in modules are skipped
"""
import gzip
import lzma
import shutil
import struct
import subprocess
import sys
from pathlib import Path


def extract_vmlinux(src: str, out: str) -> None:
    data = Path(src).read_bytes()
    if data[0x202:0x206] != b"HdrS":
        sys.exit(f"{src}: not a bzImage")
    setup_sects = data[0x1F1] or 4
    payload_offset, payload_length = struct.unpack_from("<II", data, 0x248)
    start = (setup_sects + 1) * 512 + payload_offset
    payload = data[start:start + payload_length]
    if payload.startswith(b"\x1f\x8b"):
        kernel = gzip.decompress(payload)
    elif payload.startswith(b"\xfd7zXZ\x00"):
        kernel = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(payload)
    elif payload.startswith(b"\x28\xb5\x2f\xfd"):
        if not shutil.which("zstd"):
            sys.exit("zstd-compressed kernel: install zstd")
        kernel = subprocess.run(["zstd", "-dc"], input=payload, capture_output=True, check=True).stdout
    elif payload.startswith(b"\x5d\x00\x00"):
        kernel = lzma.LZMADecompressor(format=lzma.FORMAT_ALONE).decompress(payload)
    else:
        sys.exit(f"{src}: unknown payload compression {payload[:6].hex()}")
    if not kernel.startswith(b"\x7fELF"):
        sys.exit(f"{src}: decompressed payload is not an ELF file")
    Path(out).write_bytes(kernel)


def moddeps(moddir: str, names: list) -> None:
    base = Path(moddir)
    deps = {}
    for line in (base / "modules.dep").read_text().splitlines():
        mod, _colon, rest = line.partition(":")
        deps[mod] = rest.split()
    builtin = set()
    if (base / "modules.builtin").exists():
        builtin = set((base / "modules.builtin").read_text().split())

    def key(path: str) -> str:
        return Path(path).name.split(".ko")[0].replace("-", "_")

    by_name = {key(p): p for p in deps}
    builtin_names = {key(p) for p in builtin}
    order, seen = [], set()

    def visit(path: str) -> None:
        if path in seen:
            return
        seen.add(path)
        # modules.dep lists the full closure; the last entries are the innermost dependencies
        for d in reversed(deps.get(path, [])):
            visit(d)
        order.append(path)

    for n in names:
        n = n.replace("-", "_")
        if n in by_name:
            visit(by_name[n])
        elif n not in builtin_names:
            sys.exit(f"module {n} is neither in modules.dep nor built in")
    print("\n".join(order))


def write_cpio(src: str, out: str) -> None:
    import os
    import stat
    root = Path(src)
    entries = [root]
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for n in sorted(dirnames) + sorted(filenames):
            entries.append(Path(dirpath) / n)
    buf = bytearray()

    def add(name: str, st_mode: int, data: bytes, ino: int, mtime: int) -> None:
        nameb = name.encode() + b"\0"
        hdr = "070701" + "".join(f"{v:08x}" for v in (
            ino, st_mode, 0, 0, 1, mtime, len(data), 0, 0, 0, 0, len(nameb), 0))
        buf.extend(hdr.encode() + nameb)
        buf.extend(b"\0" * (-len(buf) % 4))
        buf.extend(data)
        buf.extend(b"\0" * (-len(buf) % 4))

    for ino, p in enumerate(entries, start=1):
        st = p.lstat()
        rel = "." if p == root else str(p.relative_to(root))
        if stat.S_ISLNK(st.st_mode):
            data = os.readlink(p).encode()
        elif stat.S_ISREG(st.st_mode):
            data = p.read_bytes()
        else:
            data = b""
        add(rel, st.st_mode, data, ino, int(st.st_mtime))
    add("TRAILER!!!", 0, b"", 0, 0)
    Path(out).write_bytes(bytes(buf))


def main() -> None:
    if len(sys.argv) >= 4 and sys.argv[1] == "vmlinux":
        extract_vmlinux(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "cpio":
        write_cpio(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "moddeps":
        moddeps(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
