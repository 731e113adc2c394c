// Package assets embeds the files the kiosk ships inside its binary: the
// theme font, the face-detection model, and the spoken prompts.
package assets
