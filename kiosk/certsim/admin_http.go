package certsim

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"time"
)

// faultsJSON is Faults on the admin wire, durations in milliseconds.
type faultsJSON struct {
	LatencyMS        int64   `json:"latency_ms"`
	ErrorRate        float64 `json:"error_rate"`
	FailNext         int     `json:"fail_next"`
	ErrorStatus      int     `json:"error_status"`
	RateLimitRate    float64 `json:"rate_limit_rate"`
	RateLimitNext    int     `json:"rate_limit_next"`
	RetryAfterMS     int64   `json:"retry_after_ms"`
	DropRate         float64 `json:"drop_rate"`
	DropNext         int     `json:"drop_next"`
	MaintenanceFrom  string  `json:"maintenance_from,omitempty"`
	MaintenanceUntil string  `json:"maintenance_until,omitempty"`
}

func toJSON(f Faults) faultsJSON {
	j := faultsJSON{f.Latency.Milliseconds(), f.ErrorRate, f.FailNext, f.ErrorStatus, f.RateLimitRate,
		f.RateLimitNext, f.RetryAfter.Milliseconds(), f.DropRate, f.DropNext, "", ""}
	if !f.MaintenanceUntil.IsZero() {
		j.MaintenanceFrom, j.MaintenanceUntil = formatTime(f.MaintenanceFrom), formatTime(f.MaintenanceUntil)
	}
	return j
}

func fromJSON(j faultsJSON) (Faults, error) {
	f := Faults{time.Duration(j.LatencyMS) * time.Millisecond, j.ErrorRate, j.FailNext, j.ErrorStatus,
		j.RateLimitRate, j.RateLimitNext, time.Duration(j.RetryAfterMS) * time.Millisecond, j.DropRate,
		j.DropNext, time.Time{}, time.Time{}}
	var err error
	if j.MaintenanceUntil != "" {
		if f.MaintenanceUntil, err = time.Parse(time.RFC3339, j.MaintenanceUntil); err != nil {
			return f, errors.New("maintenance_until: not RFC 3339")
		}
		if j.MaintenanceFrom != "" {
			if f.MaintenanceFrom, err = time.Parse(time.RFC3339, j.MaintenanceFrom); err != nil {
				return f, errors.New("maintenance_from: not RFC 3339")
			}
		}
	}
	return f, nil
}

// admin serves /admin/v1 to loopback callers only (and with the token when
// one is set): it is the province's back office, not part of the contract.
func (s *Sim) admin() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /admin/v1/enrollment-codes", func(w http.ResponseWriter, r *http.Request) {
		code, err := s.IssueEnrollmentCode()
		if err != nil {
			s.internalError(w, err)
			return
		}
		writeJSON(w, http.StatusCreated, map[string]string{"code": code})
	})
	mux.HandleFunc("POST /admin/v1/data-match", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			IDNumber string `json:"id_number"`
			At       string `json:"at"`
		}
		if json.NewDecoder(r.Body).Decode(&req) != nil {
			invalid(w, "body", "不是有效的 JSON")
			return
		}
		at := s.now()
		if req.At != "" {
			t, err := time.Parse(time.RFC3339, req.At)
			if err != nil {
				invalid(w, "at", "不是 RFC 3339 时间")
				return
			}
			at = t
		}
		res, err := s.InjectDataMatch(req.IDNumber, at)
		switch {
		case errors.Is(err, ErrUnknownPerson):
			writeError(w, http.StatusNotFound, "NOT_A_PENSIONER", "未查询到养老金领取记录")
		case err != nil:
			invalid(w, "at", err.Error())
		default:
			writeJSON(w, http.StatusOK, map[string]any{"next_due_date": res.NextDueDate,
				"sms_sent": res.SMSSent, "pension_resumed": res.PensionResumed})
		}
	})
	mux.HandleFunc("GET /admin/v1/sms-log", func(w http.ResponseWriter, r *http.Request) {
		log, err := s.SMSLog(r.URL.Query().Get("id_number"))
		if err != nil {
			s.internalError(w, err)
			return
		}
		if log == nil {
			log = []SMS{}
		}
		writeJSON(w, http.StatusOK, log)
	})
	mux.HandleFunc("GET /admin/v1/faults", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, toJSON(s.Faults()))
	})
	mux.HandleFunc("PUT /admin/v1/faults", func(w http.ResponseWriter, r *http.Request) {
		var j faultsJSON
		if json.NewDecoder(r.Body).Decode(&j) != nil {
			invalid(w, "body", "不是有效的 JSON")
			return
		}
		f, err := fromJSON(j)
		if err != nil {
			invalid(w, "faults", err.Error())
			return
		}
		s.SetFaults(f)
		writeJSON(w, http.StatusOK, toJSON(f))
	})
	mux.HandleFunc("POST /admin/v1/kiosks/revoke", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			KioskID string `json:"kiosk_id"`
		}
		if json.NewDecoder(r.Body).Decode(&req) != nil {
			invalid(w, "body", "不是有效的 JSON")
			return
		}
		if err := s.RevokeKiosk(req.KioskID); err != nil {
			writeError(w, http.StatusNotFound, "NOT_FOUND", err.Error())
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("PUT /admin/v1/notice", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Notice string `json:"notice"`
		}
		if json.NewDecoder(r.Body).Decode(&req) != nil {
			invalid(w, "body", "不是有效的 JSON")
			return
		}
		s.SetNotice(req.Notice)
		w.WriteHeader(http.StatusNoContent)
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			writeError(w, http.StatusForbidden, "ADMIN_LOOPBACK_ONLY", "管理接口只接受本机访问")
			return
		}
		if !s.tokenOK(r.Header.Get("Authorization")) {
			writeError(w, http.StatusUnauthorized, "ADMIN_TOKEN", "管理口令错误")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
		mux.ServeHTTP(w, r)
	})
}
