#!/usr/bin/env bash
# A cw-onboard binary for old jump hosts: linked against glibc 2.17 (RHEL/CentOS 7 and later,
# Ubuntu 14.04+, Debian 8+), built with cargo-zigbuild and the Zig of the `ziglang` Python
# package, then checked: the script prints the binary's glibc floor (the highest GLIBC_ symbol
# version it needs, from `objdump -T`) and its size, and fails if the floor is above 2.17.
#
#   scripts/portable-build.sh            # x86-64
#   ARCH=aarch64 scripts/portable-build.sh
#
# Installs what is missing: `pip install ziglang` (into the user's site-packages) and
# `cargo install --locked cargo-zigbuild`. Set CARGO_TARGET_DIR to build elsewhere.
set -euo pipefail

GLIBC_FLOOR=2.17
ARCH="${ARCH:-x86_64}"
TARGET="${ARCH}-unknown-linux-gnu"

cd "$(dirname "$0")/.."
say() { printf 'portable-build: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

command -v cargo >/dev/null || die "cargo is not on PATH (install Rust with rustup)"
command -v objdump >/dev/null || die "objdump is not on PATH (install binutils) to read the glibc floor"

PYTHON="$(command -v python3 || command -v python || true)"
if ! command -v zig >/dev/null; then
    [ -n "$PYTHON" ] || die "neither zig nor python3 is on PATH (zig comes from 'pip install ziglang')"
    if ! "$PYTHON" -m ziglang version >/dev/null 2>&1; then
        say "installing Zig: $PYTHON -m pip install --user ziglang"
        "$PYTHON" -m pip install --user ziglang >&2 ||
            "$PYTHON" -m pip install ziglang >&2 ||
            die "cannot install the ziglang package"
    fi
    say "zig $("$PYTHON" -m ziglang version) (Python package ziglang)"
else
    say "zig $(zig version) ($(command -v zig))"
fi

if ! cargo zigbuild --help >/dev/null 2>&1; then
    say "installing cargo-zigbuild: cargo install --locked cargo-zigbuild"
    cargo install --locked cargo-zigbuild >&2 || die "cannot install cargo-zigbuild"
fi

if command -v rustup >/dev/null; then
    rustup target add "$TARGET" >&2
fi

say "building --target $TARGET.$GLIBC_FLOOR --release"
started=$SECONDS
cargo zigbuild --locked --release --target "$TARGET.$GLIBC_FLOOR" >&2
elapsed=$((SECONDS - started))

bin="${CARGO_TARGET_DIR:-target}/$TARGET/release/cw-onboard"
[ -x "$bin" ] || die "no binary at $bin"

# The highest GLIBC_x.y the dynamic symbols ask for is the oldest glibc the binary runs on.
floor="$(objdump -T "$bin" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/^GLIBC_//' | sort -u -V | tail -n 1)"
[ -n "$floor" ] || die "objdump found no GLIBC_ symbol versions in $bin (not a glibc binary?)"
size="$(stat -c %s "$bin")"

printf 'binary:      %s\n' "$bin"
printf 'target:      %s.%s\n' "$TARGET" "$GLIBC_FLOOR"
printf 'glibc floor: %s\n' "$floor"
printf 'size:        %s bytes (%s MiB)\n' "$size" "$(awk "BEGIN { printf \"%.1f\", $size / 1048576 }")"
printf 'build time:  %ss\n' "$elapsed"

highest="$(printf '%s\n%s\n' "$floor" "$GLIBC_FLOOR" | sort -V | tail -n 1)"
if [ "$highest" != "$GLIBC_FLOOR" ]; then
    die "the binary needs glibc $floor, above the promised $GLIBC_FLOOR"
fi

# A smoke test where the binary can run here (same architecture).
if [ "$(uname -m)" = "$ARCH" ]; then
    "$bin" --version >/dev/null || die "$bin --version failed"
    "$bin" templates list >/dev/null || die "$bin templates list failed"
    say "ok: runs here and needs glibc $floor or newer"
else
    say "ok: needs glibc $floor or newer (not run: built for $ARCH on $(uname -m))"
fi
