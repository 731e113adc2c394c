package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// TestAccessibilityAudit walks every screen in both languages and fails on
// any text under 40 px, a screen without a 64 px main instruction, text
// contrast under 7:1, a touch target under 120×120 px, targets closer than
// 24 px, or anything outside the window. It prints the minima per screen.
func TestAccessibilityAudit(t *testing.T) {
	for _, lang := range []string{LangZh, LangEn} {
		t.Run(lang, func(t *testing.T) {
			var table []string
			for _, sc := range Scenes(testNow) {
				h := newHarness(t, nil)
				var a audit
				fyne.DoAndWait(func() {
					if lang != Language() {
						h.ui.toggleLanguage()
					}
					sc.Show(h.ui)
					a = auditWindow(sc.Name, h.win, h.ui.shown.page().root)
				})
				table = append(table, a.row())
				for _, p := range a.problems {
					t.Errorf("%s/%s: %s", lang, sc.Name, p)
				}
				// Only the calm submitting screen has nothing to tap.
				if a.texts == 0 || (a.targets == 0 && !strings.Contains(sc.Name, "submitting")) {
					t.Errorf("%s/%s: audit saw %d texts and %d targets", lang, sc.Name, a.texts, a.targets)
				}
				fyne.DoAndWait(func() { SetLanguage(LangZh) })
			}
			t.Logf("accessibility audit (%s), px at 1920×1080:\n%-28s %6s %6s %8s %14s %6s %5s\n%s", lang,
				"screen", "text", "main", "contrast", "target", "gap", "fails", strings.Join(table, "\n"))
		})
	}
}
