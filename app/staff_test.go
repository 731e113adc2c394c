package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// tapCorner taps the idle screen's top-left corner n times.
func tapCorner(h *harness, n int) {
	for range n {
		fyne.DoAndWait(func() { test.TapCanvas(h.win.Canvas(), fyne.NewPos(40, 40)) })
	}
}

// typeKeys presses keypad keys one by one, as staff would; "<" is Delete.
func typeKeys(p *keypad, keys string) {
	fyne.DoAndWait(func() {
		for _, k := range keys {
			key := string(k)
			if key == "<" {
				key = "del"
			}
			test.Tap(p.Keys[key])
		}
	})
}

func tap(b interface{ Tapped(*fyne.PointEvent) }) {
	fyne.DoAndWait(func() { b.Tapped(&fyne.PointEvent{}) })
}

func (h *harness) staffScreen() screen {
	var s screen
	fyne.DoAndWait(func() { s = h.ui.staffView })
	return s
}

// eventually polls cond on the UI thread.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		ok := false
		fyne.DoAndWait(func() { ok = cond() })
		if ok {
			return
		}
	}
	t.Fatalf("never: %s", what)
}

func signIn(t *testing.T, h *harness) {
	t.Helper()
	tapCorner(h, 3)
	if h.staffScreen() != h.ui.SignIn {
		t.Fatal("three corner taps did not open the staff sign-in")
	}
	typeKeys(h.ui.SignIn.pad, "1001")
	tap(h.ui.SignIn.OK)
	typeKeys(h.ui.SignIn.pad, "246810")
	tap(h.ui.SignIn.OK)
	eventually(t, "staff menu after sign-in", func() bool { return h.ui.staffView == h.ui.StaffHome })
}

func TestStaffCornerNeedsThreeTaps(t *testing.T) {
	h := newHarnessWith(t, Options{Staff: fakeStaff{}})
	tapCorner(h, 2)
	if h.staffScreen() != nil {
		t.Fatal("two taps opened a staff screen")
	}
	h.advance(4 * time.Second) // the taps expire
	tapCorner(h, 1)
	if h.staffScreen() != nil {
		t.Fatal("taps more than 3 s apart opened a staff screen")
	}
	tapCorner(h, 2)
	if h.staffScreen() != h.ui.SignIn {
		t.Fatal("three taps within 3 s did not open the sign-in")
	}
	// Nobody signs in: back to idle after a minute.
	h.advance(61 * time.Second)
	if h.staffScreen() != nil || !strings.Contains(texts(h.win), "请放身份证，开始认证") {
		t.Fatalf("unused sign-in did not time out; screen says:\n%s", texts(h.win))
	}
}

func TestStaffSignInWrongPINAndLock(t *testing.T) {
	h := newHarnessWith(t, Options{Staff: fakeStaff{}})
	tapCorner(h, 3)
	typeKeys(h.ui.SignIn.pad, "12")
	tap(h.ui.SignIn.OK)
	if s := texts(h.win); !strings.Contains(s, "工号是4到12位数字") {
		t.Fatalf("short staff ID accepted; screen:\n%s", s)
	}
	typeKeys(h.ui.SignIn.pad, "<<1001")
	if got := h.ui.SignIn.pad.value; got != "1001" {
		t.Fatalf("keypad value after delete = %q", got)
	}
	tap(h.ui.SignIn.OK)
	if s := texts(h.win); strings.Contains(s, "1001") && strings.Contains(s, "●") {
		t.Fatal("PIN step shows the staff ID and dots together")
	}
	typeKeys(h.ui.SignIn.pad, "111111")
	if s := texts(h.win); strings.Contains(s, "111111") || !strings.Contains(s, "●●●●●●") {
		t.Fatalf("PIN not hidden; screen:\n%s", s)
	}
	tap(h.ui.SignIn.OK)
	eventually(t, "wrong PIN message", func() bool { return strings.Contains(strings.Join(VisibleTexts(h.win), "\n"), "工号或密码不对") })
	if h.ui.staffID != "" {
		t.Fatal("signed in with a wrong PIN")
	}
	typeKeys(h.ui.SignIn.pad, "1002")
	tap(h.ui.SignIn.OK)
	typeKeys(h.ui.SignIn.pad, "246810")
	tap(h.ui.SignIn.OK)
	eventually(t, "locked message", func() bool { return strings.Contains(strings.Join(VisibleTexts(h.win), "\n"), "5分钟后再试") })
}

func TestAssistedCertificationFromKeypad(t *testing.T) {
	h := newHarnessWith(t, Options{Staff: fakeStaff{},
		Today: func(context.Context) (Counts, error) {
			return Counts{Certifications: 7, Passed: 6, Rejected: 1, Queued: 2}, nil
		},
		Devices: func() []Device { return []Device{{Name: "读卡器", Status: kiosk.DeviceMissing}} }})
	signIn(t, h)
	eventually(t, "today's counts", func() bool {
		s := strings.Join(VisibleTexts(h.win), "\n")
		return strings.Contains(s, "认证7人，通过6人，未通过1人，待上传2笔") && strings.Contains(s, "读卡器 未连接")
	})
	tap(h.ui.StaffHome.EnterID)
	typeKeys(h.ui.IDEntry.pad, "460108194801150051") // wrong check digit
	tap(h.ui.IDEntry.OK)
	if s := texts(h.win); !strings.Contains(s, "校验位不符") {
		t.Fatalf("bad check digit accepted; screen:\n%s", s)
	}
	typeKeys(h.ui.IDEntry.pad, "<0")
	tap(h.ui.IDEntry.OK)
	h.waitFor(t, kiosk.StepResult)
	if s := texts(h.win); !strings.Contains(s, "认证成功") || !strings.Contains(s, "工作人员1001协助中") {
		t.Fatalf("assisted result screen:\n%s", s)
	}
	tap(h.ui.Result.Done)
	h.waitFor(t, kiosk.StepIdle)
	recs := h.store.records()
	if len(recs) != 1 || recs[0].AssistedBy != "1001" || recs[0].MaskedID != "460***********0050" {
		t.Fatalf("records = %+v", recs)
	}
	// A card placed while signed in is assisted too.
	h.flow.HandleCard(kiosk.CardEvent{Kind: kiosk.CardPresent, Card: &kiosk.IDCard{Type: kiosk.CardResident,
		Name: "黎春花", IDNumber: "460202195205300069", ValidLongTerm: true}})
	h.waitFor(t, kiosk.StepResult)
	tap(h.ui.Result.Done)
	h.waitFor(t, kiosk.StepIdle)
	if recs := h.store.records(); len(recs) != 2 || recs[1].AssistedBy != "1001" {
		t.Fatalf("card session records = %+v", recs)
	}
	if s := texts(h.win); !strings.Contains(s, "工作人员菜单") {
		t.Fatalf("idle screen in assisted mode lacks the staff menu button:\n%s", s)
	}
}

func TestStaffSignedOutAfterTwoIdleMinutes(t *testing.T) {
	h := newHarnessWith(t, Options{Staff: fakeStaff{}})
	signIn(t, h)
	h.advance(119 * time.Second)
	if h.ui.staffID == "" {
		t.Fatal("signed out before 2 minutes")
	}
	if s := texts(h.win); !strings.Contains(s, "1秒无操作将自动退出") {
		t.Fatalf("no sign-out countdown; screen:\n%s", s)
	}
	h.advance(time.Second)
	if h.ui.staffID != "" || h.staffScreen() != nil {
		t.Fatal("still signed in after 2 idle minutes")
	}
	h.flow.HandleCard(kiosk.CardEvent{Kind: kiosk.CardPresent, Card: &kiosk.IDCard{Type: kiosk.CardResident,
		Name: "黎春花", IDNumber: "460202195205300069", ValidLongTerm: true}})
	if v := h.flow.View(); v.AssistedBy != "" {
		t.Fatalf("session after sign-out assisted by %q", v.AssistedBy)
	}
}

func TestSignOutButton(t *testing.T) {
	h := newHarnessWith(t, Options{Staff: fakeStaff{}})
	signIn(t, h)
	tap(h.ui.StaffHome.SignOut)
	if h.ui.staffID != "" || h.staffScreen() != nil || strings.Contains(texts(h.win), "协助中") {
		t.Fatal("sign-out left assisted mode on")
	}
}

func TestQuitNeedsTechnicianPIN(t *testing.T) {
	quit := make(chan struct{}, 1)
	h := newHarnessWith(t, Options{Staff: fakeStaff{}, Quit: func() { quit <- struct{}{} }})
	fyne.DoAndWait(h.ui.RequestQuit)
	if h.staffScreen() != h.ui.TechPIN {
		t.Fatal("close request did not ask for the technician PIN")
	}
	typeKeys(h.ui.TechPIN.pad, "11111111")
	tap(h.ui.TechPIN.OK)
	eventually(t, "wrong PIN message", func() bool { return h.ui.TechPIN.message.Visible() })
	select {
	case <-quit:
		t.Fatal("quit with a wrong technician PIN")
	default:
	}
	typeKeys(h.ui.TechPIN.pad, "20261128")
	tap(h.ui.TechPIN.OK)
	select {
	case <-quit:
	case <-time.After(5 * time.Second):
		t.Fatal("right technician PIN did not quit")
	}
}
