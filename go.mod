module github.com/hainan-hrss/certkiosk

go 1.26

require (
	fyne.io/fyne/v2 v2.7.1 // indirect
	github.com/creack/pty v1.1.24 // indirect
	github.com/ebitengine/oto/v3 v3.4.0 // indirect
	github.com/ebitengine/purego v0.9.0 // indirect
	github.com/go-resty/resty/v2 v2.17.2 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/mattn/go-sqlite3 v1.14.32 // indirect
	go.bug.st/serial v1.8.0 // indirect
	gocv.io/x/gocv v0.31.0 // indirect
	golang.org/x/crypto v0.59.0 // indirect
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/term v0.48.0 // indirect
)
