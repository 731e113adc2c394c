package certsim

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"image/jpeg"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
)

// Limits of a certification request (docs/api.md).
const (
	maxFaceBytes   = 200 << 10 // the contract's 200 KiB
	maxFrames      = 4
	minFacePixels  = 100 // shorter sides are POOR_IMAGE
	maxCaptureAge  = 72 * time.Hour
	photoWLTLength = 1024
)

type certRequest struct {
	CapturedAt string `json:"captured_at"`
	IDCard     struct {
		CardType string `json:"card_type"`
		IDNumber string `json:"id_number"`
		Name     string `json:"name"`
		ValidTo  string `json:"valid_to"`
		PhotoWLT string `json:"photo_wlt"`
	} `json:"id_card"`
	Face struct {
		JPEG   string `json:"jpeg"`
		Width  int    `json:"width"`
		Height int    `json:"height"`
	} `json:"face"`
	Liveness struct {
		Challenge []string `json:"challenge"`
		Passed    *bool    `json:"passed"`
		Frames    []string `json:"frames"`
	} `json:"liveness"`
	AssistedBy *string `json:"assisted_by"`
}

// certAnswer is the 201 body, stored as is for idempotent replays.
type certAnswer struct {
	ID          string  `json:"certification_id"`
	Result      string  `json:"result"`
	Reason      *string `json:"reason_code"`
	Message     string  `json:"message"`
	CertifiedAt *string `json:"certified_at"`
	NextDue     *string `json:"next_due_date"`
	SMSSent     bool    `json:"sms_sent"`
	Resumed     bool    `json:"pension_resumed"`
}

// Messages for the kiosk's screen, per result.
var reasonMessages = map[string]string{
	"FACE_MISMATCH":   "人脸与身份证照片不一致，请本人前来认证",
	"LIVENESS_FAILED": "未通过活体检测，请按提示动作重新认证",
	"NOT_A_PENSIONER": "未查询到您的养老金领取记录",
	"CARD_EXPIRED":    "身份证已过有效期，请换领新证后再认证",
	"POOR_IMAGE":      "照片不清晰，请正对摄像头重新拍摄",
}

func (s *Sim) handleCertify(w http.ResponseWriter, r *http.Request, kioskID string, body []byte) {
	key := r.Header.Get("Idempotency-Key")
	if _, err := uuid.Parse(key); err != nil || len(key) != 36 {
		invalid(w, "Idempotency-Key", "缺失或不是 UUID")
		return
	}
	sum := sha256.Sum256(body)
	bodySHA := hex.EncodeToString(sum[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	var storedSHA string
	var stored []byte
	err := s.db.QueryRow(`SELECT body_sha, answer FROM idempotency WHERE kiosk_id = ? AND key = ?`,
		kioskID, key).Scan(&storedSHA, &stored)
	switch {
	case err == nil && storedSHA == bodySHA:
		writeRaw(w, http.StatusOK, stored)
		return
	case err == nil:
		writeError(w, http.StatusConflict, "IDEMPOTENCY_MISMATCH", "同一幂等键对应了不同的请求内容")
		return
	case err != sql.ErrNoRows:
		s.internalError(w, err)
		return
	}
	var req certRequest
	if !decodeBody(w, body, &req) {
		return
	}
	in, ok := s.checkCert(w, &req)
	if !ok {
		return
	}
	tx, err := s.db.Begin()
	if err != nil {
		s.internalError(w, err)
		return
	}
	defer tx.Rollback()
	ans, err := s.certify(tx, kioskID, in)
	if err != nil {
		s.internalError(w, err)
		return
	}
	b, _ := json.Marshal(ans)
	if _, err := tx.Exec(`INSERT INTO idempotency VALUES (?,?,?,?,?)`, kioskID, key, bodySHA, b,
		s.now().UnixNano()); err != nil {
		s.internalError(w, err)
		return
	}
	if err := tx.Commit(); err != nil {
		s.internalError(w, err)
		return
	}
	s.log.Info("certsim: certification", "kiosk_id", kioskID, "id", kiosk.MaskID(in.idNumber),
		"result", ans.Result, "reason", ans.Reason)
	writeRaw(w, http.StatusCreated, b)
}

// certInput is a validated certification request.
type certInput struct {
	idNumber   string
	capturedAt time.Time
	expired    bool
	poorImage  bool
	liveness   bool
}

// checkCert validates req in the contract's terms and writes the 422 for
// the first bad field; a face that does not decode is not invalid but a
// POOR_IMAGE rejection.
func (s *Sim) checkCert(w http.ResponseWriter, req *certRequest) (certInput, bool) {
	now := s.now()
	in := certInput{idNumber: req.IDCard.IDNumber}
	var err error
	if in.capturedAt, err = time.Parse(time.RFC3339, req.CapturedAt); err != nil {
		invalid(w, "captured_at", "不是 RFC 3339 时间")
		return in, false
	}
	if in.capturedAt.After(now.Add(s.opts.MaxSkew)) {
		invalid(w, "captured_at", "晚于服务器时间")
		return in, false
	}
	if now.Sub(in.capturedAt) > maxCaptureAge {
		writeError(w, http.StatusUnprocessableEntity, "CAPTURE_TOO_OLD", "采集时间超过 72 小时，请重新认证")
		return in, false
	}
	c := &req.IDCard
	switch c.CardType {
	case "resident", "hmt_residence":
		if _, err := kiosk.ValidateIDNumber(c.IDNumber); err != nil {
			invalid(w, "id_card.id_number", "证件号码无效")
			return in, false
		}
	case "foreign_permanent":
		if n := len(c.IDNumber); n != 15 && n != 18 {
			invalid(w, "id_card.id_number", "证件号码无效")
			return in, false
		}
	default:
		invalid(w, "id_card.card_type", "应为 resident、foreign_permanent 或 hmt_residence")
		return in, false
	}
	if c.Name == "" {
		invalid(w, "id_card.name", "不能为空")
		return in, false
	}
	if c.ValidTo != "长期" {
		to, err := kiosk.ParseDate(c.ValidTo)
		if err != nil {
			invalid(w, "id_card.valid_to", "应为 YYYY-MM-DD 或 长期")
			return in, false
		}
		in.expired = to.Before(kiosk.DateOf(in.capturedAt))
	}
	if c.PhotoWLT != "" {
		if b, err := base64.StdEncoding.DecodeString(c.PhotoWLT); err != nil || len(b) != photoWLTLength {
			invalid(w, "id_card.photo_wlt", "应为 1024 字节的 base64")
			return in, false
		}
	}
	face, err := base64.StdEncoding.DecodeString(req.Face.JPEG)
	switch {
	case err != nil || len(face) == 0:
		invalid(w, "face.jpeg", "不是有效的 base64")
		return in, false
	case len(face) > maxFaceBytes:
		invalid(w, "face.jpeg", "超过 200 KiB")
		return in, false
	}
	if img, err := jpeg.Decode(bytes.NewReader(face)); err != nil {
		in.poorImage = true
	} else if b := img.Bounds(); b.Dx() < minFacePixels || b.Dy() < minFacePixels {
		in.poorImage = true
	} else if b.Dx() != req.Face.Width || b.Dy() != req.Face.Height {
		invalid(w, "face.width", "与图像实际尺寸不符")
		return in, false
	}
	if req.Liveness.Passed == nil {
		invalid(w, "liveness.passed", "不能为空")
		return in, false
	}
	in.liveness = *req.Liveness.Passed
	if len(req.Liveness.Frames) > maxFrames {
		invalid(w, "liveness.frames", "最多 4 帧")
		return in, false
	}
	for _, f := range req.Liveness.Frames {
		if b, err := base64.StdEncoding.DecodeString(f); err != nil || len(b) > maxFaceBytes {
			invalid(w, "liveness.frames", "不是有效的 base64 或超过 200 KiB")
			return in, false
		}
	}
	if req.AssistedBy != nil && *req.AssistedBy == "" {
		invalid(w, "assisted_by", "应为 null 或工作人员编号")
		return in, false
	}
	return in, true
}

// certify decides and records one certification inside tx. The order is the
// simulator's documented decision (docs/api.md): who, card, image,
// liveness, then the fixture's scenario; it cannot compare faces, so any
// decodable face of a known pensioner passes unless the scenario says not.
func (s *Sim) certify(tx *sql.Tx, kioskID string, in certInput) (certAnswer, error) {
	id, err := s.newCertID(tx)
	if err != nil {
		return certAnswer{}, err
	}
	p, known, err := loadPerson(tx.Stmt(s.stmts.person).QueryRow(in.idNumber))
	if err != nil {
		return certAnswer{}, err
	}
	reason, result := "", kiosk.OutcomePassed
	switch {
	case !known || !p.Pensioner:
		reason = "NOT_A_PENSIONER"
	case in.expired:
		reason = "CARD_EXPIRED"
	case in.poorImage:
		reason = "POOR_IMAGE"
	case !in.liveness:
		reason = "LIVENESS_FAILED"
	case p.Scenario == fixture.FaceMismatch:
		reason = "FACE_MISMATCH"
	case p.Scenario == fixture.ManualReview:
		result = kiosk.OutcomeManualReview
	}
	ans := certAnswer{ID: id, Result: string(result)}
	if reason != "" || result != kiosk.OutcomePassed {
		if reason != "" {
			ans.Result, ans.Reason, ans.Message = string(kiosk.OutcomeRejected), &reason, reasonMessages[reason]
		} else {
			ans.Message = "已转人工复核，结果将以短信通知"
		}
		var rc any
		if reason != "" {
			rc = reason
		}
		_, err := tx.Exec(`INSERT INTO certifications (id, id_number, kiosk_id, channel, result, reason_code,
			certified_at, recorded_at) VALUES (?,?,?,?,?,?,?,?)`, id, in.idNumber, kioskID,
			string(kiosk.ChannelKiosk), ans.Result, rc, in.capturedAt.UnixNano(), s.now().UnixNano())
		return ans, err
	}
	out, err := s.recordPass(tx, p, in.capturedAt, kiosk.ChannelKiosk, kioskID, id)
	if err != nil {
		return certAnswer{}, err
	}
	at, due := formatTime(in.capturedAt), out.Due.String()
	ans.CertifiedAt, ans.NextDue, ans.SMSSent, ans.Resumed = &at, &due, out.SMSSent, out.Resumed
	ans.Message = "认证成功，请于" + out.Due.Chinese() + "前完成下一次认证"
	return ans, nil
}
