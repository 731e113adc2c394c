package certsim

import (
	"bytes"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// decodeBody reads a JSON request body into v, naming the first bad field
// for 422 INVALID_REQUEST; false means the answer is already written.
func decodeBody(w http.ResponseWriter, body []byte, v any) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			invalid(w, te.Field, "类型错误")
		} else {
			invalid(w, "body", "不是有效的 JSON")
		}
		return false
	}
	if dec.More() {
		invalid(w, "body", "JSON 之后还有多余内容")
		return false
	}
	return true
}

// invalid answers 422 INVALID_REQUEST naming the first bad field.
func invalid(w http.ResponseWriter, field, why string) {
	writeError(w, http.StatusUnprocessableEntity, "INVALID_REQUEST", field+": "+why)
}

var stationCodeRE = regexp.MustCompile(`^[0-9]{6}-[0-9]{3}$`)

func (s *Sim) handleEnroll(w http.ResponseWriter, r *http.Request) {
	var body []byte
	buf := new(bytes.Buffer)
	if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, 64<<10)); err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE", "请求内容过大")
		return
	}
	body = buf.Bytes()
	var req struct {
		Code        string `json:"enrollment_code"`
		StationCode string `json:"station_code"`
		StationName string `json:"station_name"`
		HardwareID  string `json:"hardware_id"`
	}
	if !decodeBody(w, body, &req) {
		return
	}
	switch {
	case len(req.Code) < 8 || len(req.Code) > 16:
		invalid(w, "enrollment_code", "应为 8 至 16 个字符")
		return
	case !stationCodeRE.MatchString(req.StationCode):
		invalid(w, "station_code", "格式应为 460100-007")
		return
	case req.StationName == "" || len(req.StationName) > 200:
		invalid(w, "station_name", "不能为空")
		return
	case req.HardwareID == "" || len(req.HardwareID) > 200:
		invalid(w, "hardware_id", "不能为空")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tx, err := s.db.Begin()
	if err != nil {
		s.internalError(w, err)
		return
	}
	defer tx.Rollback()
	var used sql.NullInt64
	err = tx.QueryRow(`SELECT used_at FROM enrollment_codes WHERE code = ?`, req.Code).Scan(&used)
	switch {
	case err == sql.ErrNoRows:
		writeError(w, http.StatusNotFound, "CODE_UNKNOWN", "登记码不存在")
		return
	case err != nil:
		s.internalError(w, err)
		return
	case used.Valid:
		writeError(w, http.StatusConflict, "CODE_USED", "登记码已被使用")
		return
	}
	var n int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM kiosks WHERE station_code = ?`, req.StationCode).Scan(&n); err != nil {
		s.internalError(w, err)
		return
	}
	id := fmt.Sprintf("K%s%s-%02d", req.StationCode[:6], req.StationCode[7:], n+1)
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	now := s.now()
	if _, err := tx.Exec(`INSERT INTO kiosks (kiosk_id, secret, station_code, station_name, hardware_id, enrolled_at)
		VALUES (?,?,?,?,?,?)`, id, secret, req.StationCode, req.StationName, req.HardwareID, now.UnixNano()); err != nil {
		s.internalError(w, err)
		return
	}
	if _, err := tx.Exec(`UPDATE enrollment_codes SET used_at = ?, kiosk_id = ? WHERE code = ?`,
		now.UnixNano(), id, req.Code); err != nil {
		s.internalError(w, err)
		return
	}
	if err := tx.Commit(); err != nil {
		s.internalError(w, err)
		return
	}
	s.log.Info("certsim: kiosk enrolled", "kiosk_id", id, "station", req.StationCode)
	writeJSON(w, http.StatusCreated, map[string]any{"kiosk_id": id,
		"secret": base64.StdEncoding.EncodeToString(secret), "server_time": formatTime(now),
		"heartbeat_seconds": s.opts.HeartbeatSeconds})
}

// statusAnswer is the status query's 200 body.
type statusAnswer struct {
	Person struct {
		Name string `json:"name_masked"`
		ID   string `json:"id_number_masked"`
	} `json:"person"`
	Pensioner   bool    `json:"pensioner"`
	State       string  `json:"state"`
	LastAt      *string `json:"last_certified_at"`
	LastChannel *string `json:"last_channel"`
	NextDue     *string `json:"next_due_date"`
	Suspended   bool    `json:"pension_suspended"`
}

func (s *Sim) handleStatus(w http.ResponseWriter, r *http.Request, kioskID string, body []byte) {
	var req struct {
		IDNumber string `json:"id_number"`
	}
	if !decodeBody(w, body, &req) {
		return
	}
	if len(req.IDNumber) != 18 {
		invalid(w, "id_number", "应为 18 位")
		return
	}
	p, ok, err := loadPerson(s.stmts.person.QueryRow(req.IDNumber))
	if err != nil {
		s.internalError(w, err)
		return
	}
	if !ok || !p.Pensioner {
		writeError(w, http.StatusNotFound, "NOT_A_PENSIONER", "未查询到养老金领取记录")
		return
	}
	st := standingOn(p.LastAt, kiosk.DateOf(s.now()), s.opts.SuspendGraceDays)
	var a statusAnswer
	a.Person.Name, a.Person.ID = kiosk.MaskName(p.Name), kiosk.MaskID(p.IDNumber)
	a.Pensioner, a.State, a.Suspended = true, string(st.State), st.Suspended
	if !p.LastAt.IsZero() {
		at, ch, due := formatTime(p.LastAt), string(p.Channel), st.Due.String()
		a.LastAt, a.LastChannel, a.NextDue = &at, &ch, &due
	}
	writeJSON(w, http.StatusOK, a)
}

var deviceStates = map[string]bool{"ok": true, "missing": true, "error": true}

func (s *Sim) handleHeartbeat(w http.ResponseWriter, r *http.Request, kioskID string, body []byte) {
	var req struct {
		Version    string            `json:"version"`
		UptimeS    int64             `json:"uptime_s"`
		QueueDepth int               `json:"queue_depth"`
		Devices    map[string]string `json:"devices"`
	}
	if !decodeBody(w, body, &req) {
		return
	}
	switch {
	case req.Version == "":
		invalid(w, "version", "不能为空")
		return
	case req.UptimeS < 0:
		invalid(w, "uptime_s", "不能为负数")
		return
	case req.QueueDepth < 0:
		invalid(w, "queue_depth", "不能为负数")
		return
	case !deviceStates[req.Devices["camera"]]:
		invalid(w, "devices.camera", "应为 ok、missing 或 error")
		return
	case !deviceStates[req.Devices["card_reader"]]:
		invalid(w, "devices.card_reader", "应为 ok、missing 或 error")
		return
	}
	now := s.now()
	if _, err := s.db.Exec(`UPDATE kiosks SET last_heartbeat = ?, version = ?, queue_depth = ?, camera = ?,
		card_reader = ? WHERE kiosk_id = ?`, now.UnixNano(), req.Version, req.QueueDepth,
		req.Devices["camera"], req.Devices["card_reader"], kioskID); err != nil {
		s.internalError(w, err)
		return
	}
	var notice *string
	if n := s.Notice(); n != "" {
		notice = &n
	}
	writeJSON(w, http.StatusOK, map[string]any{"server_time": formatTime(now),
		"heartbeat_seconds": s.opts.HeartbeatSeconds, "notice": notice})
}
