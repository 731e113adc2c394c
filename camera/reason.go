package camera

// Reason is a quality gate's code for a rejected frame.
type Reason string

// Gate reason codes, in order of importance: a frame's hint is that of its
// first failed gate, so the person fixes one thing at a time, the most basic
// first (be there, be alone, come closer, face the screen, light, hold still).
const (
	NoFace        Reason = "no_face"
	MultipleFaces Reason = "multiple_faces"
	TooSmall      Reason = "too_small"
	TooLarge      Reason = "too_large"
	OffCenter     Reason = "off_center"
	BadPose       Reason = "pose"
	Backlit       Reason = "backlit"
	TooDark       Reason = "too_dark"
	TooBright     Reason = "too_bright"
	EyesOccluded  Reason = "eyes_occluded"
	Blurred       Reason = "blurred"
)

// reasonOrder ranks the reasons for sorting; see the const block.
var reasonOrder = map[Reason]int{
	NoFace: 0, MultipleFaces: 1, TooSmall: 2, TooLarge: 3, OffCenter: 4, BadPose: 5,
	Backlit: 6, TooDark: 7, TooBright: 8, EyesOccluded: 9, Blurred: 10,
}

// hints are spoken-style: short, polite, one action each.
var hints = map[Reason]string{
	NoFace:        "请站到屏幕正前方",
	MultipleFaces: "请只留一人在镜头前",
	TooSmall:      "请靠近一点",
	TooLarge:      "请稍微后退一点",
	OffCenter:     "请站到画面中间",
	BadPose:       "请正对屏幕",
	TooDark:       "光线太暗",
	TooBright:     "光线太亮",
	Backlit:       "背后太亮，请换个方向",
	EyesOccluded:  "请摘下墨镜或帽子",
	Blurred:       "请保持不动",
}

// Hint returns the reason's short Chinese instruction for the screen.
func (r Reason) Hint() string { return hints[r] }
