#!/bin/sh
# The main job at this stage: score the demo communes (replaced by the web
# server once it exists).
set -eu
bin=${1:-build/tiepcan}
"$bin" --help
