// Package liveness runs the kiosk's spoken action challenge: the person is
// asked for two actions (turn the head left or right, nod, blink) and the
// challenge watches the camera's per-frame face analysis to decide whether
// a live head did them.
//
// The core cue is 3-D consistency. The nose tip stands out of the face;
// eyes and mouth lie roughly in a plane behind it. Written in the
// coordinate frame spanned by the eyes and the mouth, the nose's position
// (see Invariant) does not change under any affine view of a flat picture —
// a photo or a screen moved, scaled, rotated or tilted keeps it — while a
// real head turning moves it sideways and a nod moves it up or down. Turns
// and nods are therefore detected on that invariant alone, so a flat
// picture cannot produce them whatever way it is moved.
//
// Blinks are appearance, not geometry: each eye is compared with the same
// eye at the start of the attempt after both are aligned to a canonical
// face chip; a blink is both eyes losing their likeness while the rest of
// the face keeps it, then getting it back. A blink alone is not proof of
// life (a video can blink), so the challenge always asks for two actions
// and liveness-eval calls a video live only when it saw a turn or a nod.
//
// Every frame must also continue one person-sized face track: a face that
// jumps, changes size abruptly, changes appearance between frames or is
// gone for long fails the attempt. The person gets one retry of the whole
// challenge.
//
// A Challenge is a per-frame consumer: Observe (or Step, which implements
// camera.Challenge) takes one analysed frame and returns the action being
// asked for with its Chinese prompt and whether the challenge is over.
// Time comes from the frames (camera.Frame.At), so a recorded video plays
// the same way in tests as on the kiosk.
package liveness
