package app

import (
	"fmt"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// zh is the Simplified Chinese catalogue: every string the screens show. Keys
// name the purpose, so a translation (issue 6 adds English) swaps the map.
var zh = map[string]string{
	"app.title":            "养老金领取资格认证",
	"idle.headline":        "请放身份证，开始认证",
	"idle.purpose":         "在这里认证后，可以继续按月领取养老金",
	"idle.hint":            "把身份证平放在下方的读卡区",
	"btn.certify":          "资格认证",
	"btn.status":           "查询认证状态",
	"btn.back":             "返回首页",
	"btn.done":             "完成",
	"btn.retry":            "再试一次",
	"btn.certify_anyway":   "仍要认证",
	"wait.certify":         "请把身份证放在读卡区",
	"wait.status":          "请放身份证，查询认证状态",
	"wait.hint":            "身份证有照片的一面朝上，平放不要移动",
	"card.read":            "已读取身份证",
	"card.checking":        "正在查询您的认证状态，请稍候",
	"status.no_need":       "您已完成本周期认证，无需重复认证",
	"status.valid":         "您本周期的认证有效",
	"status.due_soon":      "您的认证即将到期，请尽快认证",
	"status.overdue":       "您的认证已过期，请马上认证",
	"status.suspended":     "您的养老金已暂停发放，认证通过后恢复",
	"status.never":         "您还没有认证记录，请进行认证",
	"status.next_due":      "下次请于%s前完成认证",
	"status.last":          "上次认证：%s（%s）",
	"face.title":           "请看屏幕，保持不动",
	"face.progress":        "正在拍照",
	"submit.title":         "正在提交认证，请稍候",
	"submit.slow":          "网络较慢，请再耐心等一会儿",
	"result.passed":        "认证成功",
	"result.next_due":      "请于%s前完成下一次认证",
	"result.sms_sent":      "认证结果已发短信到您登记的手机",
	"result.sms_not_sent":  "本次不再发送短信",
	"result.resumed":       "您的养老金将恢复发放",
	"result.rejected":      "认证没有通过",
	"result.rejected_next": "请再试一次；如果仍不通过，请联系工作人员或申请上门认证",
	"result.review":        "已提交人工审核",
	"result.review_next":   "工作人员会在5个工作日内审核，结果将短信通知您，不用再来",
	"result.queued":        "已收到您的认证，网络恢复后自动上报",
	"result.queued_next":   "您不用再来，预计下次认证截止：%s",
	"error.title":          "%s",
	"countdown":            "%d秒后返回首页，点屏幕可延长",
	"take_card":            "请取回您的身份证",
	"demo.button":          "演示：放卡",
	"demo.title":           "演示：选择一张模拟身份证",
	"demo.remove":          "取走卡片",
	"demo.close":           "关闭",
}

// T returns the catalogue's text for key, formatted with args.
func T(key string, args ...any) string {
	s, ok := zh[key]
	if !ok {
		s = key // a missing key shows up in screenshots and the text test
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

var channelNames = map[kiosk.Channel]string{
	kiosk.ChannelKiosk:     "自助终端",
	kiosk.ChannelApp:       "手机应用",
	kiosk.ChannelCounter:   "窗口办理",
	kiosk.ChannelHomeVisit: "上门认证",
	kiosk.ChannelDataMatch: "数据比对",
	kiosk.ChannelAbroad:    "境外认证",
}

// reasonTexts turn the service's reason codes into plain words.
var reasonTexts = map[string]string{
	"FACE_MISMATCH":   "拍到的人脸和身份证照片对不上",
	"LIVENESS_FAILED": "没有检测到您本人按提示做动作",
	"POOR_IMAGE":      "照片不够清楚",
	"CARD_EXPIRED":    "身份证已过有效期",
	"NOT_A_PENSIONER": "没有查到您的养老金领取记录",
}

func reasonText(code, serviceMessage string) string {
	if s, ok := reasonTexts[code]; ok {
		return s
	}
	if serviceMessage != "" {
		return serviceMessage
	}
	return "认证系统没有说明原因"
}
