package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// texts is every visible text of the window, one per line.
func texts(w fyne.Window) string {
	var s string
	fyne.DoAndWait(func() { s = strings.Join(VisibleTexts(w), "\n") })
	return s
}

func TestWalkCertificationScreenByScreen(t *testing.T) {
	h := newHarness(t, nil)
	h.waitFor(t, kiosk.StepIdle)
	if s := texts(h.win); !strings.Contains(s, "请放身份证，开始认证") {
		t.Fatalf("idle screen says:\n%s", s)
	}
	test.Tap(h.ui.Idle.Certify)
	h.waitFor(t, kiosk.StepWaitCard)
	if s := texts(h.win); !strings.Contains(s, "请把身份证放在读卡区") || !strings.Contains(s, "60秒后返回首页") {
		t.Fatalf("wait screen says:\n%s", s)
	}
	card := &kiosk.IDCard{Type: kiosk.CardResident, Name: "符海生", IDNumber: "460108194801150050", ValidLongTerm: true}
	h.flow.HandleCard(kiosk.CardEvent{Kind: kiosk.CardPresent, Card: card})
	h.waitFor(t, kiosk.StepResult)
	s := texts(h.win)
	for _, want := range []string{"认证成功", "请于2027年10月31日前完成下一次认证", "认证结果已发短信", "您的养老金将恢复发放"} {
		if !strings.Contains(s, want) {
			t.Errorf("result screen lacks %q; it says:\n%s", want, s)
		}
	}
	if strings.Contains(s, "460108194801150050") || strings.Contains(s, "符海生") {
		t.Error("result screen shows the full ID number or name")
	}
	test.Tap(h.ui.Result.Done)
	h.waitFor(t, kiosk.StepIdle)
}

func TestStatusQueryShowsNoNeed(t *testing.T) {
	h := newHarness(t, nil)
	h.client.status = kiosk.CertStatus{Pensioner: true, State: kiosk.StateValid,
		LastCertifiedAt: testNow.AddDate(0, -1, 0), LastChannel: kiosk.ChannelDataMatch,
		NextDueDate: kiosk.Date{Year: 2027, Month: 9, Day: 30}}
	card := &kiosk.IDCard{Type: kiosk.CardResident, Name: "黎春花", IDNumber: "460202195205300069", ValidLongTerm: true}
	h.flow.HandleCard(kiosk.CardEvent{Kind: kiosk.CardPresent, Card: card})
	h.waitFor(t, kiosk.StepStatus)
	s := texts(h.win)
	for _, want := range []string{"您已完成本周期认证，无需重复认证", "下次请于2027年9月30日前完成认证", "数据比对", "黎*", "460***********0069"} {
		if !strings.Contains(s, want) {
			t.Errorf("status screen lacks %q; it says:\n%s", want, s)
		}
	}
	test.Tap(h.ui.Status.CertifyAnyway)
	h.waitFor(t, kiosk.StepResult)
}

func TestRejectionOffersRetryAndPlainReason(t *testing.T) {
	h := newHarness(t, nil)
	h.client.result = kiosk.Result{Outcome: kiosk.OutcomeRejected, ReasonCode: "FACE_MISMATCH"}
	card := &kiosk.IDCard{Type: kiosk.CardResident, Name: "云志强", IDNumber: "469005195304040094", ValidLongTerm: true}
	h.flow.HandleCard(kiosk.CardEvent{Kind: kiosk.CardPresent, Card: card})
	h.waitFor(t, kiosk.StepResult)
	s := texts(h.win)
	if !strings.Contains(s, "认证没有通过") || !strings.Contains(s, "拍到的人脸和身份证照片对不上") {
		t.Errorf("rejection screen says:\n%s", s)
	}
	if !h.ui.Result.Retry.Visible() {
		t.Error("no retry button after a rejection")
	}
}

func TestDemoControlPlacesCards(t *testing.T) {
	placed, removed := -1, false
	demo := &Demo{Cards: []DemoCard{{Label: "首次认证", Name: "王**"}, {Label: "已认证", Name: "陈**"}},
		Place: func(i int) { placed = i }, Remove: func() { removed = true }}
	h := newHarness(t, demo)
	test.Tap(h.ui.demo.Button)
	if h.ui.demo.popup == nil || !h.ui.demo.popup.Visible() || len(h.ui.demo.CardButtons) != 2 {
		t.Fatal("demo picker did not open with both cards")
	}
	if got := h.ui.demo.CardButtons[1].Text; got != "已认证  陈**" {
		t.Errorf("second card button = %q", got)
	}
	test.Tap(h.ui.demo.CardButtons[1])
	if placed != 1 || h.ui.demo.popup.Visible() {
		t.Errorf("placed = %d, picker visible = %v", placed, h.ui.demo.popup.Visible())
	}
	if removed {
		t.Error("placing a card removed one")
	}
}
