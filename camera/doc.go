// Package camera captures the face of the person at the kiosk. It reads
// frames from a V4L2 webcam, a video file or an image sequence through a pump
// that always hands over the newest frame; finds faces with the BlazeFace
// front model through OpenCV DNN; checks each frame against quality gates
// (distance, centring, pose, light, sharpness) that map to one short Chinese
// hint; and keeps the best frame of a short window as a portrait JPEG for the
// certification request.
//
// Camera implements kiosk.Camera. Every analysed frame is also offered to a
// per-frame hook (FrameHook) so a liveness challenge can watch the same
// stream of Analysis values the preview draws.
package camera
