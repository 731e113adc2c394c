package store

import (
	"context"

	"github.com/hainan-hrss/certkiosk/kiosk"
)

// LoadConfig reads the kiosk configuration: defaults overlaid with every
// setting a technician stored. A stored value that no longer parses is an
// error, not silently ignored.
func (db *DB) LoadConfig(ctx context.Context) (kiosk.Config, error) {
	c := kiosk.DefaultConfig()
	for _, k := range kiosk.ConfigKeys() {
		v, ok, err := db.Setting(ctx, k)
		if err != nil {
			return c, err
		}
		if ok {
			if err := c.Set(k, v); err != nil {
				return c, kiosk.NewError(kiosk.ErrStorage, err)
			}
		}
	}
	return c, nil
}

// SetConfig validates and stores one setting.
func (db *DB) SetConfig(ctx context.Context, key, value string) error {
	c := kiosk.DefaultConfig()
	if err := c.Set(key, value); err != nil {
		return err
	}
	return db.SetSetting(ctx, key, value)
}
