package main

import (
	"slices"
	"testing"
)

func TestParseInterleaved(t *testing.T) {
	tests := []struct {
		args    []string
		pos     []string
		dataDir string
	}{
		{[]string{"list"}, []string{"list"}, ""},
		{[]string{"--data-dir", "/d", "set", "k", "v"}, []string{"set", "k", "v"}, "/d"},
		{[]string{"set", "k", "v", "--data-dir", "/d"}, []string{"set", "k", "v"}, "/d"},
		{[]string{"set", "--data-dir=/d", "k", "--", "-v"}, []string{"set", "k", "-v"}, "/d"},
	}
	for _, tt := range tests {
		fs := newFlags("t", "", "")
		dir := fs.String("data-dir", "", "")
		pos, _, ok := parseInterleaved(fs, tt.args)
		if !ok || !slices.Equal(pos, tt.pos) || *dir != tt.dataDir {
			t.Errorf("%q: pos %q dir %q ok %v; want %q %q", tt.args, pos, *dir, ok, tt.pos, tt.dataDir)
		}
	}
	fs := newFlags("t", "", "")
	if _, code, ok := parseInterleaved(fs, []string{"x", "--no-such-flag"}); ok || code != 2 {
		t.Errorf("unknown flag: ok %v code %d", ok, code)
	}
}
