package assets

import _ "embed"

// BlazeFaceFront is the BlazeFace short-range ("front") face detector as
// ONNX: input NHWC float32 [1,128,128,3] in [-1,1], outputs per-anchor
// logits and boxes for 896 anchors. See models/README.md for its origin
// and licence.
//
//go:embed models/face_detection_front_128x128_barracuda.onnx
var BlazeFaceFront []byte
