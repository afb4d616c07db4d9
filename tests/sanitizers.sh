# shellcheck shell=bash
# sanitizers.sh -- for the test scripts that run libessay.so outside the build
# (a C program compiled by the test, Python through ctypes); sourced, not run.
#
# use_sanitizers LIBRARY DIR: when LIBRARY was built with sanitizers (make
# test-asan), put wrappers in DIR at the head of PATH: a `cc` that compiles
# with the same sanitizers ($CC, else cc, underneath) and a `python3` that runs
# Python with their runtimes preloaded (its own leaks unreported), since a
# sanitized library cannot be loaded into a process started without them.
# Nothing for a library built without.
use_sanitizers() {
    local library=$1 dir=$2 runtime flags='' preload='' python
    for runtime in $(readelf -d "$library" | grep -o 'lib[a-z]*san\.so[.0-9]*'); do
        case $runtime in
        libasan*) flags+=,address ;;
        libubsan*) flags+=,undefined ;;
        libtsan*) flags+=,thread ;;
        esac
        preload+=" $("${CC:-cc}" -print-file-name="${runtime%%.so*}.so")"
    done
    [ -n "$preload" ] || return 0
    python=$(python3 -c 'import sys; print(sys.executable)')
    mkdir -p "$dir"
    printf '#!/bin/sh\nexec %s -fsanitize=%s -fno-omit-frame-pointer "$@"\n' \
        "$(command -v "${CC:-cc}")" "${flags#,}" >"$dir/cc"
    printf '#!/bin/sh\nLD_PRELOAD="%s" ASAN_OPTIONS=detect_leaks=0 exec %s "$@"\n' \
        "${preload# }" "$python" >"$dir/python3"
    chmod +x "$dir/cc" "$dir/python3"
    export PATH=$dir:$PATH
}
