#!/usr/bin/env bash
# Lays out the PyTorch natives for the image so that nothing is extracted or downloaded when a
# training pod starts: libtorch goes to <out>/libtorch (DJL loads it through PYTORCH_LIBRARY_PATH),
# DJL's JNI library goes where DJL looks for it under DJL_CACHE_DIR, and the now-redundant native
# jar leaves the application's lib directory.
#
#   unpack-natives.sh <app-lib-dir> <out-dir> <flavor: cpu|cu124> <pytorch version, e.g. 2.7.1>
#
# Needs the JDK's `jar` tool. Run by the Dockerfile's build stage; runnable by hand to check it.
set -euo pipefail

lib="$1" out="$2" flavor="$3" version="$4"
platform=linux-x86_64

one() {
  local matches=("$@")
  [[ ${#matches[@]} -eq 1 && -f "${matches[0]}" ]] \
    || { echo "expected exactly one file, found: ${matches[*]}" >&2; exit 1; }
  echo "${matches[0]}"
}
native_jar="$(one "$lib"/pytorch-native-"$flavor"-*-"$platform".jar)"
jni_jar="$(one "$lib"/pytorch-jni-*.jar)"
djl_version="$(basename "$jni_jar" .jar)"
djl_version="${djl_version##*-}" # pytorch-jni-2.7.1-0.35.1 -> 0.35.1

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && jar xf "$native_jar" pytorch native/lib/pytorch.properties \
  && jar xf "$jni_jar" "jnilib/$platform/$flavor/libdjl_torch.so")

packaged="$(sed -n 's/^version=//p' "$work/native/lib/pytorch.properties")"
packaged_flavor="$(sed -n 's/^flavor=//p' "$work/native/lib/pytorch.properties")"
if [[ "${packaged%%-*}" != "$version" || "$packaged_flavor" != "$flavor" ]]; then
  echo "the natives are PyTorch $packaged ($packaged_flavor), not $version ($flavor):" \
    "the build arguments and the Maven profile disagree" >&2
  exit 1
fi

mkdir -p "$out/libtorch"
find "$work/pytorch" -type f -exec mv -t "$out/libtorch" {} +
# DJL's layout when PYTORCH_LIBRARY_PATH is set: <cache>/pytorch/<version>-<flavor>-<platform>/.
jni_dir="$out/djl-cache/pytorch/$version-$flavor-$platform"
mkdir -p "$jni_dir"
mv "$work/jnilib/$platform/$flavor/libdjl_torch.so" "$jni_dir/$djl_version-libdjl_torch.so"
rm "$native_jar"
echo "PyTorch $packaged ($flavor) for DJL $djl_version: $(ls "$out/libtorch" | tr '\n' ' ')"
