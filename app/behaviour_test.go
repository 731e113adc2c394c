package app

import (
	"io/fs"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/hainan-hrss/certkiosk/assets"
	"github.com/hainan-hrss/certkiosk/kiosk"
)

func TestEveryScreenTimesOutWithAVisibleCountdownATapExtends(t *testing.T) {
	h := newHarness(t, nil)
	h.camera.hold = make(chan struct{}) // the face capture waits
	test.Tap(h.ui.Idle.Certify)
	h.waitFor(t, kiosk.StepWaitCard)
	h.advance(30 * time.Second)
	if s := texts(h.win); !strings.Contains(s, "30秒后返回首页，点屏幕可延长") {
		t.Fatalf("countdown after 30 s:\n%s", s)
	}
	// A tap on an empty part of the screen restarts the minute.
	fyne.DoAndWait(func() { test.TapCanvas(h.win.Canvas(), fyne.NewPos(1700, 500)) })
	eventually(t, "countdown back at 60", func() bool {
		return strings.Contains(strings.Join(VisibleTexts(h.win), "\n"), "60秒后返回首页")
	})
	h.advance(50 * time.Second)
	if !h.speaker.saidAny(phraseTimeoutSoon) {
		t.Error("no spoken warning 10 s before the timeout")
	}
	h.advance(10 * time.Second)
	h.waitFor(t, kiosk.StepIdle)

	// The face screen shows its seconds large beside the picture.
	h.flow.HandleCard(kiosk.CardEvent{Kind: kiosk.CardPresent, Card: &kiosk.IDCard{Type: kiosk.CardResident,
		Name: "符海生", IDNumber: "460108194801150050", ValidLongTerm: true}})
	h.waitFor(t, kiosk.StepFace)
	h.advance(15 * time.Second)
	if s := texts(h.win); !strings.Contains(s, "还剩45秒") {
		t.Fatalf("face screen countdown:\n%s", s)
	}
	h.advance(45 * time.Second)
	h.waitFor(t, kiosk.StepIdle)
	if texts(h.win) == "" || strings.Contains(texts(h.win), "符") {
		t.Fatal("idle screen after the timeout still shows the person")
	}
}

func TestFaceHintIsShownAndSpoken(t *testing.T) {
	h := newHarness(t, nil)
	h.camera.hold = make(chan struct{})
	h.flow.HandleCard(kiosk.CardEvent{Kind: kiosk.CardPresent, Card: &kiosk.IDCard{Type: kiosk.CardResident,
		Name: "符海生", IDNumber: "460108194801150050", ValidLongTerm: true}})
	h.waitFor(t, kiosk.StepFace)
	h.advance(4 * time.Second) // past hintRepeat after the screen's own prompt
	h.ui.Face.frame(kiosk.FaceFrame{Hint: "请稍微后退一点"})
	eventually(t, "hint on screen", func() bool { return h.ui.Face.hint.Text == "请稍微后退一点" })
	if !h.speaker.saidAny("hint.too_large") {
		t.Errorf("hint not spoken; said %v", h.speaker.said)
	}
	// A flickering verdict is not read out every frame.
	h.ui.Face.frame(kiosk.FaceFrame{Hint: "请靠近一点"})
	eventually(t, "second hint on screen", func() bool { return h.ui.Face.hint.Text == "请靠近一点" })
	if h.speaker.saidAny("hint.too_small") {
		t.Error("a second hint was spoken within hintRepeat")
	}
	close(h.camera.hold)
	h.waitFor(t, kiosk.StepResult)
}

func TestSubmittingSaysWhenSlow(t *testing.T) {
	h := newHarness(t, nil)
	h.client.hold = make(chan struct{})
	defer close(h.client.hold)
	h.flow.HandleCard(kiosk.CardEvent{Kind: kiosk.CardPresent, Card: &kiosk.IDCard{Type: kiosk.CardResident,
		Name: "符海生", IDNumber: "460108194801150050", ValidLongTerm: true}})
	h.waitFor(t, kiosk.StepSubmitting)
	if s := texts(h.win); strings.Contains(s, "网络较慢") || strings.Contains(s, "秒后返回首页") {
		t.Fatalf("submitting screen at once:\n%s", s)
	}
	h.advance(9 * time.Second)
	if s := texts(h.win); !strings.Contains(s, "网络较慢") || !h.speaker.saidAny(phraseSlow) {
		t.Fatalf("slow service not announced:\n%s", s)
	}
}

func TestCardFaultScreensSayWhatToDo(t *testing.T) {
	for _, tc := range []struct {
		code kiosk.ErrorCode
		want []string
	}{
		{kiosk.ErrCardUnreadable, []string{"身份证读取失败", "平放在读卡区", "读卡区"}},
		{kiosk.ErrCardExpired, []string{"身份证已过有效期", "换领新证"}},
		{kiosk.ErrReaderFault, []string{"读卡器出现故障", "请联系工作人员"}},
	} {
		t.Run(string(tc.code), func(t *testing.T) {
			h := newHarness(t, nil)
			h.flow.HandleCard(kiosk.CardEvent{Kind: kiosk.ReaderFault, Err: kiosk.NewError(tc.code, nil)})
			h.waitFor(t, kiosk.StepError)
			s := texts(h.win)
			for _, w := range tc.want {
				if !strings.Contains(s, w) {
					t.Errorf("error screen lacks %q:\n%s", w, s)
				}
			}
			if !h.speaker.saidAny(kiosk.ErrorPhrase(tc.code)) {
				t.Errorf("did not say %s", kiosk.ErrorPhrase(tc.code))
			}
		})
	}
}

func TestLanguageSwitch(t *testing.T) {
	h := newHarness(t, nil)
	test.Tap(h.ui.Idle.Language)
	if s := texts(h.win); !strings.Contains(s, "Place your ID card to start") || strings.Contains(s, "请放身份证") {
		t.Fatalf("English idle screen:\n%s", s)
	}
	if h.speaker.lang != LangEn || !h.speaker.saidAny(kiosk.SayWelcome) {
		t.Errorf("speaker language %q, said %v", h.speaker.lang, h.speaker.said)
	}
	h.flow.HandleCard(kiosk.CardEvent{Kind: kiosk.CardPresent, Card: &kiosk.IDCard{Type: kiosk.CardResident,
		Name: "符海生", IDNumber: "460108194801150050", ValidLongTerm: true}})
	h.waitFor(t, kiosk.StepResult)
	if s := texts(h.win); !strings.Contains(s, "Certify again by 31 October 2027") {
		t.Fatalf("English result:\n%s", s)
	}
	test.Tap(h.ui.Result.Done)
	h.waitFor(t, kiosk.StepIdle)
	test.Tap(h.ui.Idle.Language)
	if s := texts(h.win); !strings.Contains(s, "请放身份证，开始认证") {
		t.Fatalf("back to Chinese:\n%s", s)
	}
}

func TestOverdueStatusDoesNotCallAPastDateNextTime(t *testing.T) {
	h := newHarness(t, nil) // the default status is overdue since 2026-09-30
	test.Tap(h.ui.Idle.Check)
	h.flow.HandleCard(kiosk.CardEvent{Kind: kiosk.CardPresent, Card: &kiosk.IDCard{Type: kiosk.CardResident,
		Name: "符海生", IDNumber: "460108194801150050", ValidLongTerm: true}})
	h.waitFor(t, kiosk.StepStatus)
	s := texts(h.win)
	if !strings.Contains(s, "本应于2026年9月30日前完成，已过期") || strings.Contains(s, "下次请于2026年9月30日") {
		t.Fatalf("overdue status says:\n%s", s)
	}
}

func TestCataloguesAreComplete(t *testing.T) {
	for k := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("English lacks %q", k)
		}
	}
	for k := range en {
		if _, ok := zh[k]; !ok && !strings.HasPrefix(k, "error.") {
			t.Errorf("Chinese lacks %q", k)
		}
	}
	// Every spoken phrase of the UI has a Mandarin clip.
	phrases := []kiosk.Phrase{phraseSlow, phraseTimeoutSoon, phraseStaffMode, kiosk.SayWelcome, kiosk.SayGoodbye}
	for _, k := range hintKeys {
		phrases = append(phrases, kiosk.Phrase(k))
		if _, ok := zh[k]; !ok {
			t.Errorf("hint key %q is not in the catalogue", k)
		}
	}
	for _, p := range phrases {
		if _, err := fs.Stat(assets.Audio, "audio/zh/"+string(p)+".wav"); err != nil {
			t.Errorf("no clip for %s: %v", p, err)
		}
	}
}

func TestIdleTapSpeaksWelcomeAndResultSaysGoodbye(t *testing.T) {
	h := newHarness(t, nil)
	fyne.DoAndWait(func() { test.TapCanvas(h.win.Canvas(), fyne.NewPos(1000, 700)) })
	if !h.speaker.saidAny(kiosk.SayWelcome) {
		t.Error("a tap on the idle screen said nothing")
	}
	h.flow.HandleCard(kiosk.CardEvent{Kind: kiosk.CardPresent, Card: &kiosk.IDCard{Type: kiosk.CardResident,
		Name: "符海生", IDNumber: "460108194801150050", ValidLongTerm: true}})
	h.waitFor(t, kiosk.StepResult)
	test.Tap(h.ui.Result.Done)
	h.waitFor(t, kiosk.StepIdle)
	if !h.speaker.saidAny(kiosk.SayGoodbye) {
		t.Error("no goodbye after the result")
	}
}
