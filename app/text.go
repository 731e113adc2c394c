package app

import (
	"fmt"
	"sync/atomic"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// Languages of the catalogue. Simplified Chinese is the default.
const (
	LangZh = "zh"
	LangEn = "en"
)

// catalogues map a language to its strings; keys name the purpose. Every
// key exists in every catalogue (a test checks).
var catalogues = map[string]map[string]string{LangZh: zh, LangEn: en}

var current atomic.Pointer[string]

func init() { SetLanguage(LangZh) }

// SetLanguage selects the catalogue T reads; unknown languages select
// Chinese. The UI calls it when a person switches on the idle screen and
// rebuilds its screens.
func SetLanguage(lang string) {
	if _, ok := catalogues[lang]; !ok {
		lang = LangZh
	}
	current.Store(&lang)
}

// Language is the catalogue's current language.
func Language() string { return *current.Load() }

// T returns the current catalogue's text for key, formatted with args.
func T(key string, args ...any) string {
	s, ok := catalogues[Language()][key]
	if !ok {
		s = key // a missing key shows up in screenshots and the text test
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// date writes a date the way the current language does.
func date(d kiosk.Date) string {
	if Language() == LangEn {
		return fmt.Sprintf("%d %s %d", d.Day, [...]string{"", "January", "February", "March", "April", "May", "June",
			"July", "August", "September", "October", "November", "December"}[d.Month], d.Year)
	}
	return d.Chinese()
}

func channelName(c kiosk.Channel) string {
	if s, ok := catalogues[Language()]["channel."+string(c)]; ok {
		return s
	}
	return string(c)
}

// reasonText turns the service's reason code into plain words, else shows
// the service's own (Chinese) message.
func reasonText(code, serviceMessage string) string {
	if s, ok := catalogues[Language()]["reason."+code]; ok {
		return s
	}
	if serviceMessage != "" {
		return serviceMessage
	}
	return T("reason.none")
}

// errorText is the error screen's message and next step. In Chinese an
// adapter's own message (which may be more specific) wins; in English the
// catalogue's text for the code is used.
func errorText(err error) (message, next string) {
	code := kiosk.CodeOf(err)
	if Language() == LangZh {
		return kiosk.ScreenText(err)
	}
	if m, ok := en["error."+string(code)]; ok {
		return m, en["error."+string(code)+".next"]
	}
	return en["error.internal"], en["error.internal.next"]
}

// hintKeys map the camera's Chinese hints (camera/reason.go, capture.go,
// liveness) to catalogue keys, which are also the phrases spoken.
var hintKeys = map[string]string{
	"请站到屏幕正前方":   "hint.no_face",
	"请只留一人在镜头前":  "hint.multiple_faces",
	"请靠近一点":      "hint.too_small",
	"请稍微后退一点":    "hint.too_large",
	"请站到画面中间":    "hint.off_center",
	"请正对屏幕":      "hint.bad_pose",
	"光线太暗":       "hint.too_dark",
	"光线太亮":       "hint.too_bright",
	"背后太亮，请换个方向": "hint.backlit",
	"请摘下墨镜或帽子":   "hint.eyes_occluded",
	"请保持不动":      "hint.blurred",
	"很好，请保持不动":   "hint.hold_still",
	"请正对屏幕，保持不动": "hint.face_front",
	"请向左转头":      "hint.turn_left",
	"请向右转头":      "hint.turn_right",
	"请点点头":       "hint.nod",
	"请眨眨眼":       "hint.blink",
}

// hint returns the text to show for a camera hint and the phrase to speak
// ("" for a hint the catalogue does not know, shown as the camera wrote it).
func hint(h string) (string, kiosk.Phrase) {
	if k, ok := hintKeys[h]; ok {
		return T(k), kiosk.Phrase(k)
	}
	return h, ""
}
