#!/usr/bin/env bash
# Builds the libFuzzer target in Fuzz/ with swiftc's -sanitize=fuzzer (and AddressSanitizer) over
# HimayaDetection (less the resource loader, which needs SwiftPM's bundle) with the Hamming scans
# under it, HimayaImaging and the C codec wrappers, then fuzzes for a bounded time from the
# committed corpus. Any crash, leak or sanitizer report fails the run.
#   bash scripts/fuzz.sh [seconds]     (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
out=.build/fuzz
mkdir -p "$out"
features=(-enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility
          -enable-upcoming-feature InternalImportsByDefault -swift-version 6)
sanitize=(-sanitize=fuzzer,address -parse-as-library -O -g)

cat >"$out/module.modulemap" <<MAP
module CImageCodecs {
    header "$PWD/Sources/CImageCodecs/include/CImageCodecs.h"
    export *
}
MAP
clang -c -O1 -g -fsanitize=fuzzer-no-link,address -ISources/CImageCodecs/include Sources/CImageCodecs/codecs.c -o "$out/codecs.o"
# The Hamming scans, each vector unit with the flags Package.swift gives it.
vector_flags() {
    [[ $(uname -m) == x86_64 ]] || return 0
    case $1 in
    AVX2) echo -Xcc -mavx2 -Xcc -mpopcnt ;;
    AVX512) echo -Xcc -mavx512f -Xcc -mavx512vpopcntdq -Xcc -mpopcnt ;;
    esac
}
hamming_objects=()
for unit in "" AVX2 AVX512; do
    swiftc "${sanitize[@]}" "${features[@]}" $(vector_flags "$unit") -wmo -c -module-name "HimayaHamming$unit" -emit-module -I "$out" \
        -emit-module-path "$out/HimayaHamming$unit.swiftmodule" Sources/HimayaHamming$unit/*.swift -o "$out/HimayaHamming$unit.o"
    hamming_objects+=("$out/HimayaHamming$unit.o")
done
swiftc "${sanitize[@]}" "${features[@]}" -wmo -c -module-name HimayaDetection -emit-module -I "$out" \
    -emit-module-path "$out/HimayaDetection.swiftmodule" $(find Sources/HimayaDetection -name '*.swift' ! -name BundledText.swift) -o "$out/HimayaDetection.o"
swiftc "${sanitize[@]}" "${features[@]}" -wmo -c -module-name HimayaImaging -emit-module -I "$out" \
    -Xcc -fmodule-map-file="$out/module.modulemap" \
    -emit-module-path "$out/HimayaImaging.swiftmodule" Sources/HimayaImaging/*.swift -o "$out/HimayaImaging.o"
swiftc "${sanitize[@]}" -swift-version 6 -I "$out" -Xcc -fmodule-map-file="$out/module.modulemap" \
    Fuzz/FuzzTarget.swift "$out"/HimayaDetection.o "${hamming_objects[@]}" "$out"/HimayaImaging.o "$out"/codecs.o \
    -ljpeg -lpng -lwebp -o "$out/fuzz-images-and-lists" 2> >(grep -v "Cannot export local symbol" >&2)

# New inputs go to a scratch folder, so the committed corpus only changes when someone means it.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$out/fuzz-images-and-lists" -max_total_time="$seconds" -rss_limit_mb=2560 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$out/" "$scratch" Fuzz/corpus 2>&1 | tail -n 12
echo "fuzzing: no crash in ${seconds}s"
