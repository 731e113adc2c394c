package main

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/hainan-hrss/certkiosk/kiosk/staff"
)

// withStdin runs fn with os.Stdin reading text from a pipe, as a script
// driving the command would.
func withStdin(t *testing.T, text string, fn func() int) int {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() { w.WriteString(text); w.Close() }()
	old := os.Stdin
	os.Stdin = r
	defer func() { os.Stdin = old; r.Close() }()
	return fn()
}

func TestStaffCommandAddSignInRemove(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	if code := withStdin(t, "246810\n246810\n", func() int { return runStaff([]string{"--data-dir", dir, "add", "1001", "王芳"}) }); code != 0 {
		t.Fatalf("add exited %d", code)
	}
	if code := withStdin(t, "111111\n222222\n", func() int { return runStaff([]string{"--data-dir", dir, "add", "1002"}) }); code == 0 {
		t.Fatal("add accepted two different PINs")
	}
	if code := withStdin(t, "12\n12\n", func() int { return runStaff([]string{"--data-dir", dir, "add", "1003"}) }); code == 0 {
		t.Fatal("add accepted a 2-digit PIN")
	}
	accounts, closeDB, err := openAccounts(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB()
	if err := accounts.SignIn(ctx, "1001", "246810"); err != nil {
		t.Fatalf("sign in with the PIN given to the command: %v", err)
	}
	if list, _ := accounts.List(ctx); len(list) != 1 || list[0].Name != "王芳" {
		t.Fatalf("list = %+v", list)
	}
	if code := runStaff([]string{"--data-dir", dir, "remove", "1001"}); code != 0 {
		t.Fatalf("remove exited %d", code)
	}
	if err := accounts.SignIn(ctx, "1001", "246810"); !errors.Is(err, staff.ErrWrongPIN) {
		t.Fatalf("removed account: %v", err)
	}
}

func TestTechPINCommand(t *testing.T) {
	dir := t.TempDir()
	if code := withStdin(t, "20261128\n20261128\n", func() int { return runTechPIN([]string{"--data-dir", dir}) }); code != 0 {
		t.Fatalf("tech-pin exited %d", code)
	}
	accounts, closeDB, err := openAccounts(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB()
	if err := accounts.CheckTechPIN(context.Background(), "20261128"); err != nil {
		t.Fatal(err)
	}
}
