#!/usr/bin/env bash
# MediaPipe's face detection models (npm package @mediapipe/face_detection, Apache-2.0): BlazeFace's short-range model
# frames each detected face from its eyes, nose and mouth (Photos:Detector:Landmarks). Installed into .face-landmarks/,
# where kg looks for it by default (Photos:Detector:LandmarkModel names another file).
#   bash .ci/face-landmarks.sh install                 (installs it when missing; prints the model's path)
#   source .ci/face-landmarks.sh; face_landmarks_install
# Needs npm. Safe under `set -euo pipefail`.

FACE_LANDMARKS_VERSION="${FACE_LANDMARKS_VERSION:-0.4.1657300184}"
FACE_LANDMARKS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.face-landmarks"
FACE_LANDMARKS_MODEL="$FACE_LANDMARKS_ROOT/node_modules/@mediapipe/face_detection/face_detection_short_range.tflite"

face_landmarks_install() {
  if [ ! -f "$FACE_LANDMARKS_MODEL" ]; then
    echo "face-landmarks.sh: installing @mediapipe/face_detection@$FACE_LANDMARKS_VERSION into $FACE_LANDMARKS_ROOT" >&2
    npm install --silent --no-audit --no-fund --prefix "$FACE_LANDMARKS_ROOT" "@mediapipe/face_detection@$FACE_LANDMARKS_VERSION" >&2 || return 1
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ] && [ "${1:-}" = "install" ]; then
  set -euo pipefail
  face_landmarks_install
  echo "$FACE_LANDMARKS_MODEL"
fi
