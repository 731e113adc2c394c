package readersim

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
	"golang.org/x/term"
)

// line is one pseudo-terminal: the simulator holds the master end; the
// driver opens the slave through the simulator's stable symlink.
type line struct {
	master *os.File // pollable, so Close interrupts a pending Read
	tty    *os.File // the slave, held open so the line lives between driver opens
	ttyFD  int
}

// openLine opens a pty in raw mode, so nothing the driver or the simulator
// writes is echoed back before the driver sets the line up.
func openLine() (*line, error) {
	m, t, err := pty.Open()
	if err != nil {
		return nil, err
	}
	// pty.Open leaves the master in blocking mode, where Close cannot
	// interrupt a Read; a non-blocking duplicate goes through Go's poller.
	fd, err := syscall.Dup(int(m.Fd()))
	m.Close()
	if err != nil {
		t.Close()
		return nil, err
	}
	if err := syscall.SetNonblock(fd, true); err != nil {
		syscall.Close(fd)
		t.Close()
		return nil, err
	}
	l := &line{master: os.NewFile(uintptr(fd), "/dev/ptmx"), tty: t, ttyFD: int(t.Fd())}
	if _, err := term.MakeRaw(l.ttyFD); err != nil {
		l.close()
		return nil, fmt.Errorf("raw mode: %w", err)
	}
	return l, nil
}

func (l *line) close() error {
	return errors.Join(l.master.Close(), l.tty.Close())
}

// speeds maps termios speed codes to baud rates.
var speeds = map[uint32]int{unix.B9600: 9600, unix.B19200: 19200, unix.B38400: 38400,
	unix.B57600: 57600, unix.B115200: 115200, unix.B230400: 230400}

// baud is the line speed the driver set on its end, 0 if unknown. A pty
// carries bytes at any speed, so the simulator checks it to behave like a
// real line, where the wrong speed turns every byte into noise.
func (l *line) baud() int {
	t, err := unix.IoctlGetTermios(l.ttyFD, unix.TCGETS)
	if err != nil {
		return 0
	}
	if b, ok := speeds[t.Cflag&unix.CBAUD]; ok {
		return b
	}
	return int(t.Ospeed)
}
