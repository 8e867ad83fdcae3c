#!/usr/bin/env bash
# Lays out the PyTorch natives of the packaged server (Quarkus fast-jar) the way the trainer image
# does (trainer-image/docker/unpack-natives.sh, reused as is): libtorch to <out>/libtorch, DJL's JNI
# library under <out>/djl-cache. Quarkus names its jars <group>.<artifact>-<version>.jar and indexes
# them at build time, so the trainer's script works on links with Maven's names, and the 110 MB
# native jar is then replaced by an empty jar of the same name: the index stays valid, nothing is
# stored twice, and DJL, finding no natives on the class path, uses PYTORCH_LIBRARY_PATH.
#
#   unpack-natives.sh <quarkus-app-dir> <out-dir> <flavor: cpu|cu124> <pytorch version, e.g. 2.7.1>
set -euo pipefail

app="$1" out="$2" flavor="$3" version="$4"
here="$(cd "$(dirname "$0")" && pwd)"
trainer_script="$here/../../trainer-image/docker/unpack-natives.sh"

native_jar="$(ls "$app"/lib/main/ai.djl.pytorch.pytorch-native-"$flavor"-*-linux-x86_64.jar)"
jni_jar="$(ls "$app"/lib/main/ai.djl.pytorch.pytorch-jni-*.jar)"
links="$(mktemp -d)"
trap 'rm -rf "$links"' EXIT
ln -s "$(realpath "$native_jar")" "$links/$(basename "$native_jar" | sed 's/^ai\.djl\.pytorch\.//')"
ln -s "$(realpath "$jni_jar")" "$links/$(basename "$jni_jar" | sed 's/^ai\.djl\.pytorch\.//')"
"$trainer_script" "$links" "$out" "$flavor" "$version"

empty="$(mktemp -d)"
(cd "$empty" && mkdir META-INF && printf 'Manifest-Version: 1.0\n' > META-INF/MANIFEST.MF \
  && jar cfm placeholder.jar META-INF/MANIFEST.MF)
mv "$empty/placeholder.jar" "$native_jar"
rm -rf "$empty"
