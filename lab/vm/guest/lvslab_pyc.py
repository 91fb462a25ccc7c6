# Lab guests only (installed with a .pth by build-image.sh): zipimport compiles every source it imports and never
# caches the bytecode, so each Ansible module run (an AnsiballZ zip) compiled ansible.module_utils.basic and its
# imports again: 3.8 of a stat module's 5 s under QEMU's TCG. This keeps the bytecode of each source, keyed by
# its content and the interpreter, in CACHE; what runs is the same code.
import marshal
import os
import sys
import zipimport

CACHE = '/var/cache/lvslab-pyc'
_compile_source = zipimport._compile_source


def _cached_compile_source(pathname, source):
    import hashlib  # here, so that a python3 that imports nothing from a zip does not load it
    key = hashlib.sha256(b'%s %d\n' % (sys.implementation.cache_tag.encode(), sys.flags.optimize) + source).hexdigest()
    path = os.path.join(CACHE, key)
    try:
        with open(path, 'rb') as cached:
            return marshal.load(cached).replace(co_filename=pathname)
    except (OSError, EOFError, ValueError, TypeError):
        pass
    code = _compile_source(pathname, source)
    try:
        os.makedirs(CACHE, mode=0o700, exist_ok=True)
        temporary = '%s.%d' % (path, os.getpid())
        with open(temporary, 'wb') as cached:
            marshal.dump(code, cached)
        os.replace(temporary, path)
    except OSError:
        pass  # not root, or a full disk: compiled as before
    return code


zipimport._compile_source = _cached_compile_source
