package outbox

const childEnv = "OUTBOX_CRASH_CHILD"

func crashChild() {}
