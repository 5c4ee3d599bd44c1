package sshd

import (
	"fmt"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// maxSessionsPerConn is how many session channels one connection may hold
// open: OpenSSH's ControlMaster shares one connection between a user's
// terminals, but each dashboard also counts against --max-sessions and
// --max-per-addr, so one connection cannot open hundreds.
const maxSessionsPerConn = 4

// maxQueuedRequests bounds the requests of one session channel waiting for
// the SSH library; a client never has more than a few in flight.
const maxQueuedRequests = 32

// agentRequest asks the server to forward the client's SSH agent.
const agentRequest = "auth-agent-req@openssh.com"

// sessionChannel opens a session channel, within maxSessionsPerConn, and
// serves it with the SSH library, its requests filtered by filterRequests.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	if g, ok := ctx.Value(connKey).(*guardedConn); ok {
		if !g.openChannel(maxSessionsPerConn) {
			s.log.Info("refused", "addr", conn.RemoteAddr().String(), "reason", "too many sessions on one connection", "limit", maxSessionsPerConn)
			nc.Reject(gossh.ResourceShortage, fmt.Sprintf("dossier: at most %d sessions on one connection; open another connection", maxSessionsPerConn))
			return
		}
		defer g.closeChannel()
	}
	ssh.DefaultSessionHandler(srv, conn, filteredChannel{nc}, ctx)
}

// filteredChannel hands the SSH library the channel's requests through
// filterRequests.
type filteredChannel struct{ gossh.NewChannel }

// Accept accepts the channel and starts its filter.
func (c filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, in, err := c.NewChannel.Accept()
	if err != nil {
		return nil, nil, err
	}
	out := make(chan *gossh.Request)
	go filterRequests(in, out)
	return ch, out, nil
}

// filterRequests passes a session channel's requests on to the SSH library
// in order, reading each as it arrives: the SSH connection reads all its
// channels in one loop, which waits while a channel's requests are not
// taken, so a channel whose session is busy must not stop the connection.
//
//   - A window change replaces one still waiting (only the latest size
//     counts), and waits until the shell has started: the library hands
//     window changes to the session on a channel of one that only a
//     running session empties.
//   - Agent forwarding and subsystems are refused here.
//   - Past maxQueuedRequests waiting, a request is refused.
func filterRequests(in <-chan *gossh.Request, out chan<- *gossh.Request) {
	defer close(out)
	var (
		queue   []*gossh.Request
		resize  *gossh.Request // the latest window change, held until the shell starts
		started bool           // a shell or exec request has been passed on
	)
	for {
		var send chan<- *gossh.Request
		var next *gossh.Request
		if len(queue) > 0 {
			send, next = out, queue[0]
		}
		select {
		case req, ok := <-in:
			if !ok {
				return // the channel closed: what waits no longer matters
			}
			switch last := len(queue) - 1; {
			case req.Type == agentRequest, req.Type == "subsystem":
				req.Reply(false, nil)
			case req.Type == "window-change" && !started:
				supersede(resize)
				resize = req
			case req.Type == "window-change" && last >= 0 && queue[last].Type == "window-change":
				supersede(queue[last])
				queue[last] = req
			case len(queue) >= maxQueuedRequests:
				req.Reply(false, nil)
			default:
				queue = append(queue, req)
				if req.Type == "shell" || req.Type == "exec" {
					started = true
					if resize != nil {
						queue = append(queue, resize)
						resize = nil
					}
				}
			}
		case send <- next:
			queue = queue[1:]
		}
	}
}

// supersede answers a window change that a later one replaced.
func supersede(req *gossh.Request) {
	if req != nil {
		req.Reply(true, nil)
	}
}
