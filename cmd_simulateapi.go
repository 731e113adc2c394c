package main

import (
	"fmt"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk/certsim"
)

func init() {
	register(command{name: "simulate-api", summary: "run the simulator of the provincial certification API", run: runSimulateAPI})
}

func runSimulateAPI(args []string) int {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return runSimAdmin(args[0], args[1:])
	}
	fs := newFlags("simulate-api", "[--listen 127.0.0.1:8443] [--db FILE]   |   simulate-api ADMIN-COMMAND …",
		"Serves a simulator of the province's certification API (docs/api.md) over\n"+
			"plain HTTP, seeded with the fictional people of docs/fixtures.md. Admin\n"+
			"commands talk to a running simulator from the same machine:\n"+
			"  issue-code                  print a new one-time enrollment code\n"+
			"  data-match --id N [--at T]  record a data-match pass (hospital settlement …)\n"+
			"  faults [--latency 2s …]     set fault injection (no flags: clear all faults)\n"+
			"  sms-log [--id N]            list the SMS the service sent\n"+
			"  notice TEXT                 set the idle-screen notice heartbeats carry\n"+
			"  revoke KIOSK-ID             revoke a kiosk")
	listen := fs.String("listen", "127.0.0.1:8443", "address to serve on")
	dbPath := fs.String("db", "", "SQLite state file (default: in memory, gone on exit)")
	token := fs.String("admin-token", "", "require this bearer token for admin calls")
	heartbeat := fs.Int("heartbeat", 300, "heartbeat interval told to kiosks, seconds")
	grace := fs.Int("suspend-grace-days", 0, "days overdue before suspension (the policy says 0)")
	tlsCert := fs.String("tls-cert", "", "serve HTTPS with this PEM certificate (and --tls-key)")
	tlsKey := fs.String("tls-key", "", "PEM private key of --tls-cert")
	f := faultFlags(fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	log := newLogger()
	sim, err := certsim.New(certsim.Options{DBPath: *dbPath, Logger: log, AdminToken: *token,
		HeartbeatSeconds: *heartbeat, SuspendGraceDays: *grace, Faults: f()})
	if err != nil {
		fmt.Fprintf(os.Stderr, "certkiosk simulate-api: %v\n", err)
		return 1
	}
	defer sim.Close()
	if host, _, err := net.SplitHostPort(*listen); err == nil {
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			log.Warn("the simulator serves plain HTTP beyond this machine; admin calls still answer loopback only")
		}
	}
	base, err := sim.StartTLS(*listen, *tlsCert, *tlsKey)
	if err != nil {
		fmt.Fprintf(os.Stderr, "certkiosk simulate-api: %v\n", err)
		return 1
	}
	code, err := sim.IssueEnrollmentCode()
	if err != nil {
		fmt.Fprintf(os.Stderr, "certkiosk simulate-api: %v\n", err)
		return 1
	}
	fmt.Printf("certification API simulator at %s\n", base)
	fmt.Printf("enroll a kiosk: certkiosk provision --api %s --code %s --station-code 460100-007 --station-name 海口市龙华区政务服务中心\n", base, code)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	fmt.Println("stopping")
	return 0
}

// faultFlags declares the fault-injection flags shared by the server and
// the faults admin command; the returned func reads them.
func faultFlags(fs interface {
	Duration(string, time.Duration, string) *time.Duration
	Float64(string, float64, string) *float64
	Int(string, int, string) *int
}) func() certsim.Faults {
	latency := fs.Duration("latency", 0, "added to every API answer")
	errRate := fs.Float64("error-rate", 0, "share of calls answered 5xx (0 to 1)")
	errStatus := fs.Int("error-status", 503, "the 5xx status: 500, 502, 503 or 504")
	failNext := fs.Int("fail-next", 0, "answer the next N calls 5xx (a burst)")
	rlRate := fs.Float64("rate-limit-rate", 0, "share of calls answered 429 RATE_LIMITED")
	retryAfter := fs.Duration("retry-after", time.Second, "Retry-After of a 429")
	dropRate := fs.Float64("drop-rate", 0, "share of connections reset without an answer")
	maint := fs.Duration("maintenance", 0, "answer 503 MAINTENANCE from now for this long")
	return func() certsim.Faults {
		f := certsim.Faults{Latency: *latency, ErrorRate: *errRate, ErrorStatus: *errStatus,
			FailNext: *failNext, RateLimitRate: *rlRate, RetryAfter: *retryAfter, DropRate: *dropRate}
		if *maint > 0 {
			f.MaintenanceFrom = time.Now()
			f.MaintenanceUntil = f.MaintenanceFrom.Add(*maint)
		}
		return f
	}
}
