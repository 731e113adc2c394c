package assets

import "embed"

// Audio holds the spoken prompts, one WAV per phrase and language:
// audio/zh/<phrase>.wav (Mandarin) and audio/en/<phrase>.wav (English, for
// the main screens only). They are 16 kHz mono 8-bit μ-law, made by
// scripts/gen-audio from scripts/audio-phrases.tsv with espeak-ng and sox.
//
//go:embed audio
var Audio embed.FS
