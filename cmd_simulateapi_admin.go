package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// runSimAdmin runs one admin command against a running simulator's
// /admin/v1 endpoints (docs/api.md, "Simulator administration").
func runSimAdmin(name string, args []string) int {
	fs := newFlags("simulate-api "+name, "[flags]", "An admin command of the API simulator; see `certkiosk simulate-api --help`.")
	admin := fs.String("admin", "http://127.0.0.1:8443", "the running simulator's address")
	token := fs.String("admin-token", "", "the simulator's admin token, if it has one")
	// build runs after the flags are parsed: the path and body depend on them.
	var method string
	var build func() (path string, body any)
	switch name {
	case "issue-code":
		method = http.MethodPost
		build = func() (string, any) { return "/admin/v1/enrollment-codes", nil }
	case "data-match":
		id := fs.String("id", "", "ID number of the pensioner")
		at := fs.String("at", "", "when the other department saw the person, RFC 3339 (default now)")
		method = http.MethodPost
		build = func() (string, any) {
			return "/admin/v1/data-match", map[string]string{"id_number": *id, "at": *at}
		}
	case "faults":
		f := faultFlags(fs)
		method = http.MethodPut
		build = func() (string, any) {
			v := f()
			j := map[string]any{"latency_ms": v.Latency.Milliseconds(), "error_rate": v.ErrorRate,
				"error_status": v.ErrorStatus, "fail_next": v.FailNext, "rate_limit_rate": v.RateLimitRate,
				"retry_after_ms": v.RetryAfter.Milliseconds(), "drop_rate": v.DropRate}
			if !v.MaintenanceUntil.IsZero() {
				j["maintenance_from"] = v.MaintenanceFrom.Format(time.RFC3339)
				j["maintenance_until"] = v.MaintenanceUntil.Format(time.RFC3339)
			}
			return "/admin/v1/faults", j
		}
	case "sms-log":
		id := fs.String("id", "", "only this ID number")
		method = http.MethodGet
		build = func() (string, any) { return "/admin/v1/sms-log?id_number=" + url.QueryEscape(*id), nil }
	case "notice":
		method = http.MethodPut
		build = func() (string, any) {
			return "/admin/v1/notice", map[string]string{"notice": strings.Join(fs.Args(), " ")}
		}
	case "revoke":
		method = http.MethodPost
		build = func() (string, any) { return "/admin/v1/kiosks/revoke", map[string]string{"kiosk_id": fs.Arg(0)} }
	default:
		fmt.Fprintf(os.Stderr, "certkiosk simulate-api: unknown admin command %q\n", name)
		return 2
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	path, body := build()
	var payload io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		payload = strings.NewReader(string(b))
	}
	req, err := http.NewRequest(method, strings.TrimRight(*admin, "/")+path, payload)
	if err != nil {
		fmt.Fprintf(os.Stderr, "certkiosk simulate-api %s: %v\n", name, err)
		return 2
	}
	req.Header.Set("Content-Type", "application/json")
	if *token != "" {
		req.Header.Set("Authorization", "Bearer "+*token)
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		fmt.Fprintf(os.Stderr, "certkiosk simulate-api %s: no simulator at %s: %v\n", name, *admin, err)
		return 1
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if len(out) > 0 {
		fmt.Println(strings.TrimSpace(string(out)))
	}
	if resp.StatusCode >= 300 {
		return 1
	}
	return 0
}
